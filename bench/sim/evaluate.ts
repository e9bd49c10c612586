// The evaluation: simulate a registry per seed, start the service, upload each simulated year
// through the HTTP API (waiting for its assessment), read the alerts back through the API, and
// measure them against the truth: recall per planted scheme, the share of legitimate declarations
// flagged (per rule and overall), lane rates, and what random controls found.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, uploadFile, type ServiceProcess } from '../support/service-process.ts';
import { schemeKinds, type SchemeKind, type Truth } from './model.ts';
import { simulateRegistry } from './simulate-registry.ts';
import { fileKinds, writeYear, yearFile, type FileStyle } from './write-files.ts';

export interface EvaluationOptions {
  seed: number;
  scale: number;
  years: number;
  style: FileStyle;
  /** PostgreSQL server to make the run's database on; embedded PGlite when absent. */
  serverUrl?: string;
  /** More environment for the service (CONTROL_SHARE, ...). */
  env?: Record<string, string>;
  /** A folder to write each seed's alerts and truth to, for a closer look. */
  dumpDir?: string;
  /** Also backtest each enabled rule alone: how often it fires on this registry. */
  ruleRates?: boolean;
}

interface AlertItem {
  subject: 'consignment' | 'holder';
  declaration_no: string | null;
  holder_id: string;
  lane: string;
  hits: { rule_id: string; reason?: string }[];
}

export interface SeedResult {
  seed: number;
  scale: number;
  /** Declarations stored (malformed ones are rejected at upload). */
  declarations: number;
  legitimateDeclarations: number;
  /** Legitimate declarations flagged yellow or red. */
  legitimateFlagged: number;
  /** Per rule: legitimate declarations flagged yellow or red on which it fired. */
  legitimateFlaggedByRule: Record<string, number>;
  caught: Record<SchemeKind, boolean>;
  /** Consignments per lane (control: green consignments picked for a random control). */
  lanes: Record<'red' | 'yellow' | 'green' | 'control', number>;
  /** Random controls, and how many of them were declarations of a planted scheme. */
  controls: { selected: number; onSchemes: number };
  /** Targeted (yellow or red) consignment alerts, and how many were declarations of a planted scheme. */
  targeted: { flagged: number; onSchemes: number };
  rejectedRows: number;
  uploadSeconds: number;
  /** Per rule (with `ruleRates`): subjects of its scope evaluated and those it fires on (backtest). */
  ruleRates?: Record<string, { scope: string; evaluated: number; fired: number }>;
}

async function api<T>(service: ServiceProcess, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${service.baseUrl}/api/v1${path}`, { ...init, headers: { ...service.admin, 'content-type': 'application/json', ...init.headers } });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function allAlerts(service: ServiceProcess): Promise<AlertItem[]> {
  const alerts: AlertItem[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: AlertItem[]; next_cursor: string | null } = await api(service, `/alerts?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    alerts.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return alerts;
}

/** Backtests each enabled rule over everything stored: how often it fires. */
async function ruleRates(service: ServiceProcess): Promise<NonNullable<SeedResult['ruleRates']>> {
  const rules: { items: { id: string; scope: string; enabled: boolean }[] } = await api(service, '/rules');
  const rates: NonNullable<SeedResult['ruleRates']> = {};
  for (const rule of rules.items.filter((candidate) => candidate.enabled)) {
    const result: { evaluated: number; flagged: number } = await api(service, '/rules/backtest', { method: 'POST', body: JSON.stringify({ rule_id: rule.id }) });
    rates[rule.id] = { scope: rule.scope, evaluated: result.evaluated, fired: result.flagged };
  }
  return rates;
}

/** What the centre would set for this registry: the high-risk countries of the simulation. */
async function setHighRiskCountries(service: ServiceProcess, countries: string[]): Promise<void> {
  const lists: { items: { id: string; description?: string; source?: string }[] } = await api(service, '/reference-lists');
  const current = lists.items.find((list) => list.id === 'high-risk-countries');
  const document = { id: 'high-risk-countries', description: current?.description, source: current?.source, countries };
  await api(service, '/reference-lists/high-risk-countries', { method: 'PUT', body: JSON.stringify(document) });
}

export async function evaluateSeed(options: EvaluationOptions): Promise<SeedResult> {
  const { simYears, truth } = simulateRegistry({ seed: options.seed, scale: options.scale, years: options.years, firstYear: 2025 });
  const folder = await mkdtemp(join(tmpdir(), `ptc-eval-${options.seed}-`));
  const service = await startService({ ...(options.serverUrl && { serverUrl: options.serverUrl }), ...(options.env && { env: options.env }) });
  try {
    for (const simYear of simYears) await writeYear(folder, simYear, options.style);
    await setHighRiskCountries(service, truth.highRiskCountries);
    let rejectedRows = 0;
    let uploadSeconds = 0;
    for (const simYear of simYears) {
      for (const kind of fileKinds) {
        const upload = await uploadFile(service, service.admin, kind, yearFile(folder, simYear.year, kind), '?wait=assessed');
        if (upload.status !== 201) throw new Error(`upload of ${simYear.year} ${kind}: ${upload.status} ${JSON.stringify(upload.body)}`);
        const body = upload.body as { batch: { rejected: number }; assessment: { status: string } | null };
        if (body.assessment && body.assessment.status !== 'done') throw new Error(`assessment of ${simYear.year} ${kind} ended ${body.assessment.status}`);
        rejectedRows += body.batch.rejected;
        uploadSeconds += upload.seconds;
      }
    }
    const alerts = await allAlerts(service);
    if (options.dumpDir) {
      await mkdir(options.dumpDir, { recursive: true });
      await writeFile(join(options.dumpDir, `alerts-${options.seed}.json`), JSON.stringify(alerts, null, 1));
      await writeFile(join(options.dumpDir, `truth-${options.seed}.json`), JSON.stringify(truth, null, 1));
    }
    const result = measure(truth, alerts, options, rejectedRows, uploadSeconds);
    if (options.ruleRates) result.ruleRates = await ruleRates(service);
    return result;
  } finally {
    await service.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

export function measure(truth: Truth, alerts: readonly AlertItem[], options: Pick<EvaluationOptions, 'seed' | 'scale'>, rejectedRows: number, uploadSeconds: number): SeedResult {
  const schemeDeclarations = new Set(truth.schemes.flatMap((scheme) => scheme.declarations));
  const malformed = new Set(truth.malformedDeclarations);
  const flagged = (alert: AlertItem) => alert.lane === 'red' || alert.lane === 'yellow';
  const caught = Object.fromEntries(schemeKinds.map((kind) => [kind, false])) as Record<SchemeKind, boolean>;
  for (const scheme of truth.schemes) {
    const declarations = new Set(scheme.declarations);
    const holders = new Set(scheme.holders);
    caught[scheme.kind] = alerts.some(
      (alert) => flagged(alert) && (alert.subject === 'consignment' ? declarations.has(alert.declaration_no ?? '') : holders.has(alert.holder_id)),
    );
  }
  const consignmentAlerts = alerts.filter((alert) => alert.subject === 'consignment');
  const legitimateFlagged = new Map<string, AlertItem>();
  for (const alert of consignmentAlerts) {
    if (flagged(alert) && alert.declaration_no && !schemeDeclarations.has(alert.declaration_no)) legitimateFlagged.set(alert.declaration_no, alert);
  }
  const byRule: Record<string, number> = {};
  for (const alert of legitimateFlagged.values()) {
    for (const ruleId of new Set(alert.hits.map((hit) => hit.rule_id))) byRule[ruleId] = (byRule[ruleId] ?? 0) + 1;
  }
  const declarations = truth.counts.declarations - malformed.size;
  const count = (lane: string) => consignmentAlerts.filter((alert) => alert.lane === lane).length;
  const controls = consignmentAlerts.filter((alert) => alert.lane === 'control');
  const targeted = consignmentAlerts.filter(flagged);
  return {
    seed: options.seed,
    scale: options.scale,
    declarations,
    legitimateDeclarations: truth.counts.legitimateDeclarations,
    legitimateFlagged: legitimateFlagged.size,
    legitimateFlaggedByRule: byRule,
    caught,
    lanes: { red: count('red'), yellow: count('yellow'), control: controls.length, green: declarations - count('red') - count('yellow') - controls.length },
    controls: { selected: controls.length, onSchemes: controls.filter((alert) => schemeDeclarations.has(alert.declaration_no ?? '')).length },
    targeted: { flagged: targeted.length, onSchemes: targeted.filter((alert) => schemeDeclarations.has(alert.declaration_no ?? '')).length },
    rejectedRows,
    uploadSeconds,
  };
}

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(2)} %`);

/** The evaluation as text: per seed and over all seeds. */
export function formatResults(results: readonly SeedResult[]): string {
  const lines: string[] = [];
  const seeds = results.map((result) => result.seed).join(', ');
  lines.push(`Evaluation over seeds ${seeds}, scale ${results[0]?.scale ?? '?'}`, '');
  lines.push(`| scheme | ${results.map((result) => `seed ${result.seed}`).join(' | ')} |`, `|---|${results.map(() => '---|').join('')}`);
  for (const kind of schemeKinds) lines.push(`| ${kind} | ${results.map((result) => (result.caught[kind] ? 'caught' : '**missed**')).join(' | ')} |`);
  const recall = results.reduce((sum, result) => sum + Object.values(result.caught).filter(Boolean).length, 0);
  lines.push('', `Recall: ${recall} of ${results.length * schemeKinds.length} planted schemes caught.`, '');
  lines.push(`| seed | declarations | legitimate | legitimate flagged | share | red | yellow | green | control | controls on schemes | targeted on schemes |`);
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const result of results) {
    const { lanes } = result;
    lines.push(
      `| ${result.seed} | ${result.declarations} | ${result.legitimateDeclarations} | ${result.legitimateFlagged} | ${percent(result.legitimateFlagged, result.legitimateDeclarations)} | ` +
        `${percent(lanes.red, result.declarations)} | ${percent(lanes.yellow, result.declarations)} | ${percent(lanes.green, result.declarations)} | ${percent(lanes.control, result.declarations)} | ` +
        `${result.controls.onSchemes} of ${result.controls.selected} | ${result.targeted.onSchemes} of ${result.targeted.flagged} |`,
    );
  }
  const legitimate = results.reduce((sum, result) => sum + result.legitimateDeclarations, 0);
  const legitimateFlagged = results.reduce((sum, result) => sum + result.legitimateFlagged, 0);
  lines.push('', `Legitimate declarations flagged yellow or red, all seeds: ${legitimateFlagged} of ${legitimate} (${percent(legitimateFlagged, legitimate)}).`, '');
  const rules = [...new Set(results.flatMap((result) => Object.keys(result.legitimateFlaggedByRule)))].sort();
  if (rules.length > 0) {
    lines.push('| rule on flagged legitimate declarations | declarations | share of legitimate |', '|---|---:|---:|');
    for (const rule of rules) {
      const total = results.reduce((sum, result) => sum + (result.legitimateFlaggedByRule[rule] ?? 0), 0);
      lines.push(`| ${rule} | ${total} | ${percent(total, legitimate)} |`);
    }
  }
  const rated = results.filter((result) => result.ruleRates);
  if (rated.length > 0) {
    lines.push('', '| rule | scope | fires on (all seeds, backtest) | rate |', '|---|---|---:|---:|');
    for (const rule of Object.keys(rated[0]!.ruleRates!).sort()) {
      const fired = rated.reduce((sum, result) => sum + (result.ruleRates![rule]?.fired ?? 0), 0);
      const evaluated = rated.reduce((sum, result) => sum + (result.ruleRates![rule]?.evaluated ?? 0), 0);
      lines.push(`| ${rule} | ${rated[0]!.ruleRates![rule]!.scope} | ${fired} of ${evaluated} | ${percent(fired, evaluated)} |`);
    }
  }
  return lines.join('\n');
}
