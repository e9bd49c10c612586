// Use cases: the PDF targeting reports. Load what a report shows, shape it into its model, and
// hand it to reports/ to draw; the PDF streams out as it is drawn.
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { SubstanceCatalogue } from '../../catalogue/substance-catalogue.ts';
import { substanceName } from '../../catalogue/substance-names.ts';
import { reportStrings } from '../../reports/i18n.ts';
import type { ConditionExplanation } from '../../rules/condition-explanation.ts';
import { renderConsignmentReport, renderHolderReport, renderSummaryReport } from '../../reports/render-reports.ts';
import type {
  ConsignmentReportModel,
  HolderReportModel,
  Lane,
  ReportFinding,
  ReportHeader,
  ReportLanguage,
  SummaryReportModel,
} from '../../reports/report-model.ts';
import * as alertStore from '../db/alert-store.ts';
import * as consignmentStore from '../db/consignment-store.ts';
import type { Database } from '../db/database.ts';
import * as facts from '../db/fact-queries.ts';
import * as reportStore from '../db/report-store.ts';
import { AppError } from './app-error.ts';
import type { Principal } from './access.ts';
import type { Hit } from './assess-subjects.ts';
import { RuleTexts } from './hit-reasons.ts';
import type { RuleBook } from './rule-book.ts';
import { inactiveRules } from './rule-authoring.ts';

export interface ReportDependencies {
  db: Database;
  substances: SubstanceCatalogue;
  ruleBook: RuleBook;
  centreName: string;
}

export interface RenderedReport {
  fileName: string;
  pdf: Readable;
}

/** CENTRE_NAME's default: a centre that has not named itself is named in the reader's language. */
const defaultCentreName = 'Precursor targeting centre';

function header(deps: ReportDependencies, principal: Principal, lang: ReportLanguage): ReportHeader {
  const now = new Date();
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return {
    centreName: deps.centreName === defaultCentreName ? reportStrings(lang).header.defaultCentre : deps.centreName,
    reportNo: `R-${day}-${randomBytes(4).toString('hex').toUpperCase()}`,
    generatedAt: now,
    generatedBy: `${principal.name} (${reportStrings(lang).role[principal.role] ?? principal.role})`,
  };
}

/** The comparisons that held in a fired rule's tree: what made it fire, with thresholds and values. */
function triggers(explanation: ConditionExplanation | undefined): ReportFinding['triggers'] {
  if (!explanation || !explanation.result) return [];
  if ('all' in explanation) return explanation.all.flatMap(triggers);
  if ('any' in explanation) return explanation.any.flatMap(triggers);
  if ('not' in explanation) return [];
  const fact = explanation.path ? `${explanation.fact}${explanation.path.slice(1)}` : explanation.fact;
  return [{ fact, operator: explanation.operator, threshold: explanation.valueResult, actual: explanation.factResult }];
}

/** The consignment report of a declaration number and item, as an inspector holds them. */
export async function consignmentReportByDeclaration(
  deps: ReportDependencies,
  declaration: { declarationNo: string; itemNo: number },
  principal: Principal,
  lang: ReportLanguage,
): Promise<RenderedReport> {
  const id = await reportStore.consignmentIdByDeclaration(deps.db, declaration.declarationNo, declaration.itemNo);
  if (id === undefined) throw new AppError('NOT_FOUND', `no consignment with declaration ${declaration.declarationNo} item ${declaration.itemNo}`);
  return consignmentReport(deps, String(id), principal, lang);
}

export async function consignmentReport(
  deps: ReportDependencies,
  idText: string,
  principal: Principal,
  lang: ReportLanguage,
): Promise<RenderedReport> {
  if (!/^\d{1,15}$/.test(idText)) throw new AppError('NOT_FOUND', `no consignment with id ${idText}`);
  const id = Number(idText);
  const strings = reportStrings(lang);
  const row = await consignmentStore.findConsignment(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', `no consignment with id ${idText}`);
  const assessment = await consignmentStore.currentAssessment(deps.db, 'consignment', String(id));
  const importer = await consignmentStore.findHolder(deps.db, row.importer_id);
  const live = await deps.ruleBook.live();
  const flow = (await consignmentStore.consignmentFlow(deps.db, id, live.reference.limits?.maxChainHolders)) ?? { nodes: [], edges: [] };
  const consignmentFacts = (await facts.consignmentFacts(deps.db, [id], live.reference, deps.substances)).get(id);
  const hits = (assessment?.hits ?? []) as Hit[];
  const sources = await reportStore.ruleSources(deps.db, hits.map((hit) => ({ ruleId: hit.rule_id, version: hit.rule_version })));
  const texts = await RuleTexts.load(deps.db, deps.substances, hits);
  const substance = row.substance ? deps.substances.get(row.substance) : undefined;
  const ruleSet = (assessment?.ruleSet ?? []) as { rule_id: string; version: number }[];

  const model: ConsignmentReportModel = {
    header: header(deps, principal, lang),
    assessment: assessment ? { score: assessment.score, lane: assessment.lane as Lane, assessedAt: assessment.createdAt } : null,
    consignment: {
      id,
      declarationNo: row.declaration_no,
      itemNo: row.item_no,
      declarationDate: row.declaration_date,
      direction: row.direction,
      customsOffice: row.customs_office,
      importer: {
        holderId: row.importer_id,
        name: importer?.holder.name ?? row.importer_name,
        registered: importer?.holder.registered ?? false,
        registeredOn: importer?.holder.registered_on ?? null,
        status: importer?.holder.status ?? 'unregistered',
        licenceState: (consignmentFacts?.licence_state as string | null | undefined) ?? null,
        licenceNos: [
          ...new Set((importer?.licences ?? []).filter((licence) => licence.substance === row.substance).map((licence) => licence.licence_no)),
        ],
      },
      counterpartyName: row.counterparty_name,
      counterpartyCountry: row.counterparty_country,
      originCountry: row.origin_country,
      dispatchCountry: row.dispatch_country,
      transitCountries: row.transit_countries,
      goodsDescription: row.goods_description,
      hsCode: row.hs_code,
      casNumber: row.cas_number,
      substance: substance ? { key: substance.key, name: substanceName(substance, lang), unTable: substance.unTable, euCategory: substance.euCategory } : null,
      quantity: row.quantity,
      unit: row.unit,
      quantityKg: row.quantity_kg,
      penRef: row.pen_ref,
      penStatus: row.pen_status,
    },
    findings: hits.map((hit) => {
      const text = texts.text(hit, lang);
      return {
        ruleId: hit.rule_id,
        ruleVersion: hit.rule_version,
        name: text.name,
        severity: hit.severity,
        score: hit.score,
        reason: text.reason,
        shownIn: text.shownIn,
        source: sources.get(`${hit.rule_id}@${hit.rule_version}`) ?? '',
        triggers: triggers(hit.explanation),
      };
    }),
    flow: {
      holders: flow.nodes.map((node) => ({
        holderId: node.holderId,
        name: node.name,
        licence: node.licence,
        depth: node.depth,
        receivedKg: node.receivedKg,
        sentKg: node.sentKg,
        balanceGapKg: node.balanceGapKg,
      })),
      transfers: flow.edges.map((edge) => ({
        from: edge.from,
        to: edge.to,
        toName: edge.toName,
        quantityKg: edge.quantityKg,
        date: edge.date,
        transferNo: edge.transferNo,
        paymentMethod: edge.paymentMethod,
      })),
    },
    ruleVersions: ruleSet.map((rule) => ({ ruleId: rule.rule_id, version: rule.version })),
    sources: (
      await reportStore.sourceRows(
        deps.db,
        id,
        flow.edges.map((edge) => ({ supplierId: edge.from, transferNo: edge.transferNo })),
      )
    ).map(({ kind, reference, detail, ...source }) => ({
      ...source,
      label: kind === 'declaration' ? strings.provenance.declaration(reference, detail) : strings.provenance.transfer(reference, detail),
    })),
  };
  const safeNo = row.declaration_no.replace(/[^\w.-]+/g, '_');
  return { fileName: `consignment-${safeNo}-${row.item_no}-${lang}.pdf`, pdf: renderConsignmentReport(model, lang) };
}

export async function holderReport(
  deps: ReportDependencies,
  holderId: string,
  principal: Principal,
  lang: ReportLanguage,
): Promise<RenderedReport> {
  const dossier = await consignmentStore.findHolder(deps.db, holderId);
  if (!dossier) throw new AppError('NOT_FOUND', `no holder with id ${holderId}`);
  const alerts = await alertStore.listAlerts(deps.db, { filter: { holderId }, sort: 'score', limit: 200, after: null });
  const { holder } = dossier;
  const strings = reportStrings(lang);
  const texts = await RuleTexts.load(deps.db, deps.substances, alerts.flatMap((alert) => alert.hits as Hit[]));
  const source = await reportStore.holderSource(deps.db, holder.holder_id);
  const nameOf = (key: string) => {
    const substance = deps.substances.get(key);
    return substance ? substanceName(substance, lang) : key;
  };
  const model: HolderReportModel = {
    header: header(deps, principal, lang),
    holder: {
      holderId: holder.holder_id,
      name: holder.name,
      registered: holder.registered,
      registeredOn: holder.registered_on,
      status: holder.status,
      country: holder.country,
      region: holder.region,
      address: holder.address,
      phone: holder.phone,
      email: holder.email,
      director: holder.director,
      activity: holder.activity,
    },
    links: await reportStore.contactLinks(deps.db, holderId, (await deps.ruleBook.live()).reference.limits?.commonContactKeyHolders),
    licences: dossier.licences.map((licence) => ({
      licenceNo: licence.licence_no,
      substance: nameOf(licence.substance),
      activities: licence.activities,
      validFrom: licence.valid_from,
      validTo: licence.valid_to,
      status: licence.status,
      annualQuotaKg: licence.annual_quota_kg,
    })),
    balances: (await consignmentStore.holderMonthlyBalances(deps.db, holderId)).map((row) => ({ ...row, substance: nameOf(row.substance) })),
    alerts: alerts.map((alert) => ({
      id: alert.id,
      subject: alert.subject,
      declarationNo: alert.declarationNo,
      score: alert.score,
      lane: alert.lane as Lane | 'control',
      status: alert.status,
      disposition: alert.disposition,
      rules: alert.reason ? [alert.reason] : alert.hits.map((hit) => hit.rule_id),
      findings: (alert.hits as Hit[]).map((hit) => ({ ruleId: hit.rule_id, ...texts.text(hit, lang) })),
    })),
    sources: [
      {
        label: strings.provenance.holder(holder.holder_id),
        batchId: source?.batchId ?? holder.batch_id,
        fileName: source?.fileName ?? null,
        sha256: source?.sha256 ?? null,
        line: source?.line ?? holder.source_line,
      },
    ],
  };
  return { fileName: `holder-${holderId.replace(/[^\w.-]+/g, '_')}-${lang}.pdf`, pdf: renderHolderReport(model, lang) };
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export async function summaryReport(
  deps: ReportDependencies,
  query: { from?: string | undefined; to?: string | undefined },
  principal: Principal,
  lang: ReportLanguage,
): Promise<RenderedReport> {
  const today = new Date().toISOString().slice(0, 10);
  const lastYearOfData = query.from === undefined || query.to === undefined ? await reportStore.defaultSummaryPeriod(deps.db) : null;
  const period = {
    from: query.from ?? lastYearOfData?.from ?? `${today.slice(0, 4)}-01-01`,
    to: query.to ?? lastYearOfData?.to ?? today,
  };
  for (const [name, value] of Object.entries(period)) {
    if (!isoDate.test(value) || Number.isNaN(Date.parse(value))) {
      throw new AppError('INVALID_REQUEST', `${name} must be a date YYYY-MM-DD`, { field: name });
    }
  }
  if (period.from > period.to) throw new AppError('INVALID_REQUEST', 'from must not be after to', { field: 'from' });
  const outcomes = new Map<string, { closed: number; confirmed: number }>();
  for (const row of await alertStore.ruleStats(deps.db, period)) {
    const sum = outcomes.get(row.ruleId) ?? { closed: 0, confirmed: 0 };
    outcomes.set(row.ruleId, { closed: sum.closed + row.closed, confirmed: sum.confirmed + row.confirmed });
  }
  const ruleHits = await reportStore.ruleHits(deps.db, period, 10);
  const inactive = await inactiveRules(deps.db);
  const live = await deps.ruleBook.live();
  const liveVersions = new Map(
    [...live.consignment.compiled.rules, ...live.holder.compiled.rules].map((rule) => [rule.document.id, rule.document.version]),
  );
  const named = [
    ...ruleHits.map((rule) => ({ rule_id: rule.ruleId, rule_version: rule.version, name: rule.name })),
    ...inactive.map((rule) => ({ rule_id: rule.ruleId, rule_version: liveVersions.get(rule.ruleId) ?? 0, name: rule.name })),
  ];
  const texts = await RuleTexts.load(deps.db, deps.substances, named);
  const nameOf = (hit: (typeof named)[number]) => texts.text(hit, lang).name;
  const substanceOf = (key: string | null) => {
    const substance = key === null ? undefined : deps.substances.get(key);
    return substance ? substanceName(substance, lang) : key;
  };
  const model: SummaryReportModel = {
    header: header(deps, principal, lang),
    period,
    byLaneAndSubstance: (await reportStore.laneSummary(deps.db, period)).map((row) => ({ ...row, substance: substanceOf(row.substance), lane: row.lane as Lane })),
    topRules: ruleHits.map((rule, index) => {
      const { closed, confirmed } = outcomes.get(rule.ruleId) ?? { closed: 0, confirmed: 0 };
      return { ruleId: rule.ruleId, name: nameOf(named[index]!), hits: rule.hits, closed, confirmed, precision: closed === 0 ? null : confirmed / closed };
    }),
    alertOutcomes: await reportStore.alertOutcomes(deps.db, period),
    alertsBySubject: await reportStore.alertsBySubject(deps.db, period),
    dispositions: await reportStore.dispositions(deps.db, period),
    inactiveRules: inactive.map((rule, index) => ({ ...rule, name: nameOf(named[ruleHits.length + index]!) })),
    controls: await reportStore.selectionOutcomes(deps.db, period),
  };
  return { fileName: `summary-${period.from}-${period.to}-${lang}.pdf`, pdf: renderSummaryReport(model, lang) };
}
