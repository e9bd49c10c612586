// The live rules and reference lists, compiled once and reloaded when an author changes them.
import { createHash } from 'node:crypto';
import { compileRules, type CompiledRuleSet } from '../../rules/compile-rules.ts';
import { factCatalogue } from '../../rules/fact-definitions.ts';
import { parameterisedRequests } from '../../rules/parameterised-facts.ts';
import type { RuleDocument, RuleScope } from '../../rules/rule-document.ts';
import type { Database } from '../db/database.ts';
import type { FactReferenceData } from '../db/fact-queries.ts';
import { defaultFactLimits, type FactLimits } from '../db/facts/limits.ts';
import * as riskStore from '../db/risk-store.ts';

/** The rules of one scope ready to evaluate, and the stored set of versions they are. */
export interface ScopeRules {
  compiled: CompiledRuleSet;
  documents: readonly RuleDocument[];
  byId: ReadonlyMap<string, RuleDocument>;
  ruleSetId: number;
}

export interface LiveRules {
  consignment: ScopeRules;
  holder: ScopeRules;
  reference: FactReferenceData;
  /** Versions of the reference lists in force, for provenance. */
  referenceVersions: Record<string, number>;
  /** Snoozes in force: holder id -> rule id -> until. */
  snoozes: ReadonlyMap<string, ReadonlyMap<string, Date>>;
  /** When the first of those snoozes ends (the rules are read again then). */
  nextSnoozeEnd: number;
}

interface ReferenceDocuments {
  'high-risk-countries'?: { countries?: string[] };
  'annual-estimates'?: { estimates_kg?: Record<string, number> };
  'watch-list'?: { entries?: { kind: 'holder_id' | 'name' | 'container_no'; value: string }[] };
  'currency-rates'?: { base?: string; rates?: Record<string, number> };
}

/** The time now; tests pass their own to let a snooze end without waiting for it. */
export type Clock = () => Date;

export class RuleBook {
  #live: Promise<LiveRules> | undefined;
  #fingerprint: string | undefined;
  constructor(
    private readonly db: Database,
    private readonly limits: FactLimits = defaultFactLimits,
    /** What "now" is for snoozes: when they end, and whether a new one is in the future. */
    readonly now: Clock = () => new Date(),
  ) {}

  /** The rules in force now (loaded once, until the next change). */
  async live(): Promise<LiveRules> {
    this.#live ??= this.load().catch((error: unknown) => {
      this.#live = undefined;
      throw error;
    });
    const live = await this.#live;
    if (this.now().getTime() < live.nextSnoozeEnd) return live;
    // A snooze has ended since the rules were read: read them again.
    this.#live = undefined;
    return this.live();
  }

  /** Forget the compiled rules: the next assessment reads them again. */
  invalidate(): void {
    this.#live = undefined;
  }

  /** Reads the rules again if another process changed them (one cheap query). */
  async refresh(): Promise<void> {
    const fingerprint = await riskStore.liveRulesFingerprint(this.db);
    if (fingerprint !== this.#fingerprint) this.invalidate();
    this.#fingerprint = fingerprint;
  }

  private async load(): Promise<LiveRules> {
    const versions = await riskStore.latestRuleVersions<RuleDocument>(this.db);
    const enabled = versions.map((stored) => stored.document).filter((rule) => rule.enabled);
    const lists = await riskStore.latestReferenceLists<unknown>(this.db);
    const documents = Object.fromEntries(lists.map((list) => [list.id, list.document])) as ReferenceDocuments;
    const snoozes = new Map<string, Map<string, Date>>();
    for (const snooze of await riskStore.activeSnoozes(this.db, this.now())) {
      const rules = snoozes.get(snooze.holderId) ?? new Map<string, Date>();
      const until = rules.get(snooze.ruleId);
      if (!until || until < snooze.until) rules.set(snooze.ruleId, snooze.until);
      snoozes.set(snooze.holderId, rules);
    }
    const ends = [...snoozes.values()].flatMap((rules) => [...rules.values()].map((until) => until.getTime()));
    return {
      snoozes,
      nextSnoozeEnd: ends.length > 0 ? Math.min(...ends) : Number.POSITIVE_INFINITY,
      consignment: await this.scope(enabled, 'consignment'),
      holder: await this.scope(enabled, 'holder'),
      reference: {
        highRiskCountries: documents['high-risk-countries']?.countries ?? [],
        annualEstimatesKg: documents['annual-estimates']?.estimates_kg ?? {},
        watchList: documents['watch-list']?.entries ?? [],
        limits: this.limits,
        currencyRates: { base: documents['currency-rates']?.base ?? 'USD', rates: documents['currency-rates']?.rates ?? {} },
        parameterised: parameterisedRequests(enabled, factCatalogue),
      },
      referenceVersions: Object.fromEntries(lists.map((list) => [list.id, list.version])),
    };
  }

  private async scope(rules: readonly RuleDocument[], scope: RuleScope): Promise<ScopeRules> {
    const documents = rules.filter((rule) => rule.scope === scope).sort((a, b) => a.id.localeCompare(b.id));
    const versions = documents.map((rule) => ({ rule_id: rule.id, version: rule.version }));
    const digest = createHash('sha256').update(JSON.stringify(versions)).digest('hex');
    return {
      compiled: compileRules(documents),
      documents,
      byId: new Map(documents.map((rule) => [rule.id, rule])),
      ruleSetId: await riskStore.ruleSetId(this.db, digest, versions),
    };
  }
}
