// Quantities as kg of the substance itself: the one unit that mass balances and thresholds add up.
import type { Unit } from './types.ts';

const kgPerMassUnit: Record<'kg' | 'g' | 't', number> = { kg: 1, g: 0.001, t: 1000 };
const litresPerVolumeUnit: Record<'l' | 'ml', number> = { l: 1, ml: 0.001 };

export function isVolumeUnit(unit: Unit): unit is 'l' | 'ml' {
  return unit === 'l' || unit === 'ml';
}

/**
 * Kg of substance in a declared quantity: volumes through the density (1 l at 1 g/ml is 1 kg),
 * then the concentration, when given, as percent by mass. Null when a volume meets an unknown
 * density. Rounded to 6 decimals (a milligram) so that float noise does not reach the database.
 */
export function quantityInKg(
  quantity: number,
  unit: Unit,
  concentrationPct: number | null,
  densityGPerMl: number | null,
): number | null {
  let kg: number;
  if (isVolumeUnit(unit)) {
    if (densityGPerMl === null) return null;
    kg = quantity * litresPerVolumeUnit[unit] * densityGPerMl;
  } else {
    kg = quantity * kgPerMassUnit[unit];
  }
  if (concentrationPct !== null) kg = (kg * concentrationPct) / 100;
  return Math.round(kg * 1e6) / 1e6;
}
