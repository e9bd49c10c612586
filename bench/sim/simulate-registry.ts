// One simulated registry: the legitimate world, the planted schemes in its last year, cut into
// years as a registry would send them, and the truth about it.
import { dayNumber } from './calendar.ts';
import type { SimYear, Truth } from './model.ts';
import { highRiskCountries, plantSchemes } from './plant-schemes.ts';
import { seededRandom } from './random.ts';
import { buildWorld } from './world.ts';

export interface SimulationOptions {
  seed: number;
  /** 1 is about 600 declarations a year. */
  scale: number;
  years: number;
  firstYear: number;
}

export function simulateRegistry(options: SimulationOptions): { simYears: SimYear[]; truth: Truth } {
  const random = seededRandom(options.seed);
  const world = buildWorld(random.fork('world'), options.scale, options.firstYear, options.years);
  const lastYear = options.firstYear + options.years - 1;
  const schemes = plantSchemes(world, random.fork('schemes'), lastYear);
  world.declarations.sort((a, b) => a.declarationDate.localeCompare(b.declarationDate) || a.declarationNo.localeCompare(b.declarationNo));
  world.transfers.sort((a, b) => a.transferDate.localeCompare(b.transferDate));
  const simYears: SimYear[] = [];
  for (let year = options.firstYear; year <= lastYear; year += 1) {
    const end = `${year}-12-31`;
    const inYear = (iso: string) => iso.startsWith(`${year}-`);
    simYears.push({
      year,
      // The registers as they stand at the year's end: every holder registered and licence issued by then.
      holders: world.holders.filter((holder) => holder.registeredOn <= end).map(({ role: _role, substances: _substances, dataFrom: _dataFrom, ...holder }) => holder),
      licences: world.licences.filter((licence) => licence.validFrom <= end),
      declarations: world.declarations.filter((declaration) => inYear(declaration.declarationDate) && dayNumber(declaration.declarationDate) <= world.lastDay),
      transfers: world.transfers.filter((transfer) => inYear(transfer.transferDate)),
    });
  }
  const schemeDeclarations = new Set(schemes.flatMap((scheme) => scheme.declarations));
  const declarations = simYears.flatMap((simYear) => simYear.declarations);
  const truth: Truth = {
    seed: options.seed,
    scale: options.scale,
    years: simYears.map((simYear) => simYear.year),
    highRiskCountries,
    schemes,
    malformedDeclarations: world.malformed,
    counts: {
      holders: world.holders.length,
      licences: world.licences.length,
      declarations: declarations.length,
      transfers: world.transfers.length,
      legitimateDeclarations: new Set(declarations.filter((d) => !schemeDeclarations.has(d.declarationNo) && !world.malformed.includes(d.declarationNo)).map((d) => d.declarationNo)).size,
    },
  };
  return { simYears, truth };
}
