// What the inspector checks on site, derived from the findings: one stock check always, then
// one or more items per family of fired rules (licence, recipients, balance, PEN, cash, ...),
// each naming the rules it comes from. Pure: the report draws the items.
import { describeRoute, nameWithId, penStatusIn, type ReportStrings } from './i18n.ts';
import type { ConsignmentReportModel } from './report-model.ts';

export interface ChecklistItem {
  text: string;
  /** The fired rules the item answers; empty for the stock check every report has. */
  ruleIds: string[];
}

type Family = (model: ConsignmentReportModel, strings: ReportStrings) => string[];

/** Families in the order they are tried; a finding belongs to the first whose pattern matches its rule id. */
const families: readonly { pattern: RegExp; items: Family }[] = [
  { pattern: /^R01-(importer|holder)-|^R07-new-licence/, items: licenceItems },
  { pattern: /^R01-recipient-/, items: recipientItems },
  { pattern: /^R14-.*unidentified/, items: unidentifiedBuyerItems },
  { pattern: /^R14-/, items: balanceItems },
  { pattern: /^R02-/, items: (model, strings) => [strings.checklist.templates.penDocuments(model.consignment.penRef ?? strings.none, penStatusIn(strings, model.consignment.penStatus))] },
  { pattern: /^R09-/, items: (_model, strings) => [strings.checklist.templates.paymentRecords()] },
  { pattern: /^R03-/, items: (model, strings) => [strings.checklist.templates.quota(importerName(model))] },
  { pattern: /^R0[456]-/, items: (model, strings) => [strings.checklist.templates.commercialNeed(importerName(model))] },
  { pattern: /^R07-/, items: (model, strings) => [strings.checklist.templates.premises(importerName(model))] },
  { pattern: /^R08-/, items: (model, strings) => [strings.checklist.templates.endUse(importerName(model))] },
  { pattern: /^R10-/, items: (model, strings) => [strings.checklist.templates.transportDocuments(describeRoute(strings, model.consignment))] },
  { pattern: /^R11-/, items: (model, strings) => [strings.checklist.templates.sample(model.consignment.hsCode, model.consignment.casNumber ?? strings.none)] },
  { pattern: /^R12-/, items: (model, strings) => [strings.checklist.templates.sharedContacts(importerName(model))] },
  { pattern: /^R13-/, items: (_model, strings) => [strings.checklist.templates.foreignEndUser()] },
  { pattern: /^R15-/, items: (_model, strings) => [strings.checklist.templates.resaleChain()] },
  { pattern: /^R18-/, items: (_model, strings) => [strings.checklist.templates.watchList()] },
];

export function onsiteChecklist(model: ConsignmentReportModel, strings: ReportStrings): ChecklistItem[] {
  const { consignment } = model;
  const quantity = consignment.quantityKg !== null ? strings.kg(consignment.quantityKg) : strings.quantity(consignment.quantity, consignment.unit);
  const items: ChecklistItem[] = [
    { text: strings.checklist.templates.stock(substanceName(model), quantity, strings.date(consignment.declarationDate), importerName(model)), ruleIds: [] },
  ];
  const byFamily = new Map<object, string[]>();
  for (const finding of model.findings) {
    const family = families.find((candidate) => candidate.pattern.test(finding.ruleId));
    if (!family) {
      items.push({ text: strings.checklist.templates.otherRule(finding.name), ruleIds: [finding.ruleId] });
      continue;
    }
    const ruleIds = byFamily.get(family);
    if (ruleIds) {
      ruleIds.push(finding.ruleId);
      continue;
    }
    const shared = [finding.ruleId];
    byFamily.set(family, shared);
    // Items of one family share the list of rule ids, which grows as later findings join it.
    for (const text of family.items(model, strings)) items.push({ text, ruleIds: shared });
  }
  items.push(...uncoveredAnomalies(model, strings, items));
  return items;
}

/**
 * What the flow shows wrong that no item names yet: a recipient without a licence or not in the
 * register, a holder short in its balance, buyers nobody identified, sales for cash. Each gets an
 * item of its own with the flow as its basis, so nothing the report shows in red goes unchecked.
 */
function uncoveredAnomalies(model: ConsignmentReportModel, strings: ReportStrings, items: readonly ChecklistItem[]): ChecklistItem[] {
  const templates = strings.checklist.templates;
  const said = items.map((item) => item.text).join('\n');
  const names = new Map(model.flow.holders.map((holder) => [holder.holderId, holder.name]));
  const found: ChecklistItem[] = [];
  const add = (mention: string, text: string) => {
    if (!said.includes(mention)) found.push({ text, ruleIds: [] });
  };
  for (const holder of model.flow.holders) {
    const who = nameWithId(holder.name, holder.holderId);
    if (holder.depth > 0 && holder.licence !== 'licensed') add(who, templates.visitBuyer(who, strings.licenceStanding[holder.licence], strings.kg(holder.receivedKg)));
  }
  for (const holder of model.flow.holders) {
    const who = nameWithId(holder.name, holder.holderId);
    const text = templates.stockCount(who, strings.kg(holder.balanceGapKg));
    if (holder.balanceGapKg > 0 && !said.includes(text) && !found.some((item) => item.text === text)) found.push({ text, ruleIds: [] });
  }
  const unidentified = new Map<string, number>();
  const cash = new Map<string, number>();
  for (const transfer of model.flow.transfers) {
    if (transfer.to === null) unidentified.set(transfer.from, (unidentified.get(transfer.from) ?? 0) + transfer.quantityKg);
    if (transfer.paymentMethod === 'cash') cash.set(transfer.from, (cash.get(transfer.from) ?? 0) + transfer.quantityKg);
  }
  for (const [seller, kg] of unidentified) {
    const text = templates.identifyBuyers(nameWithId(names.get(seller) ?? null, seller), strings.kg(kg));
    if (!said.includes(text)) found.push({ text, ruleIds: [] });
  }
  for (const [seller, kg] of cash) found.push({ text: templates.cashSales(nameWithId(names.get(seller) ?? null, seller), strings.kg(kg)), ruleIds: [] });
  return found;
}

function importerName(model: ConsignmentReportModel): string {
  return nameWithId(model.consignment.importer.name, model.consignment.importer.holderId);
}

function substanceName(model: ConsignmentReportModel): string {
  return model.consignment.substance?.name ?? model.consignment.goodsDescription;
}

function licenceItems(model: ConsignmentReportModel, strings: ReportStrings): string[] {
  const { consignment } = model;
  const templates = strings.checklist.templates;
  if (consignment.importer.licenceNos.length === 0) return [templates.licenceMissing(importerName(model), substanceName(model), strings.date(consignment.declarationDate))];
  return [templates.licenceOriginal(importerName(model), consignment.importer.licenceNos.join(', '), substanceName(model), strings.date(consignment.declarationDate))];
}

function recipientItems(model: ConsignmentReportModel, strings: ReportStrings): string[] {
  const buyers = model.flow.holders.filter((holder) => holder.depth > 0 && holder.licence !== 'licensed');
  if (buyers.length === 0) return [strings.checklist.templates.buyersInFlow()];
  return buyers.map((holder) =>
    strings.checklist.templates.visitBuyer(nameWithId(holder.name, holder.holderId), strings.licenceStanding[holder.licence], strings.kg(holder.receivedKg)),
  );
}

function balanceItems(model: ConsignmentReportModel, strings: ReportStrings): string[] {
  const short = model.flow.holders.filter((holder) => holder.balanceGapKg > 0);
  if (short.length === 0) return [strings.checklist.templates.stockCountImporter(importerName(model), substanceName(model))];
  return short.map((holder) => strings.checklist.templates.stockCount(nameWithId(holder.name, holder.holderId), strings.kg(holder.balanceGapKg)));
}

function unidentifiedBuyerItems(model: ConsignmentReportModel, strings: ReportStrings): string[] {
  const soldBy = new Map<string, number>();
  for (const transfer of model.flow.transfers) {
    if (transfer.to === null) soldBy.set(transfer.from, (soldBy.get(transfer.from) ?? 0) + transfer.quantityKg);
  }
  if (soldBy.size === 0) return [strings.checklist.templates.buyersInFlow()];
  const names = new Map(model.flow.holders.map((holder) => [holder.holderId, holder.name]));
  return [...soldBy].map(([seller, kg]) => strings.checklist.templates.identifyBuyers(nameWithId(names.get(seller) ?? null, seller), strings.kg(kg)));
}
