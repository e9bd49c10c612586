// A rule pack is a folder of rule documents, one JSON file per rule named after its id
// (rules/packs/<name>/<id>.json). Packs ship with the code and seed the rule store, so a bad
// document is a packaging mistake: loading stops and names the file.
import { readdirSync, readFileSync } from 'node:fs';
import { factCatalogue } from './fact-definitions.ts';
import type { RuleDocument } from './rule-document.ts';
import { validateRule } from './validate-rule.ts';

/** Stable codes of RulePackError. */
export type RulePackErrorCode = 'RULE_PACK_NOT_FOUND' | 'RULE_PACK_INVALID';

export class RulePackError extends Error {
  /** Stable UPPER_SNAKE code. */
  readonly code: RulePackErrorCode;

  constructor(code: RulePackErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RulePackError';
    this.code = code;
  }
}

const packNamePattern = /^[a-z0-9][a-z0-9-]*$/;

/** The folder holding the packs shipped with the code. */
export const defaultPacksDirectory = new URL('./packs/', import.meta.url);

/** How many validation errors of one file the message names; the rest are found by validating it. */
const errorsShown = 3;

function readDocument(directory: URL, file: string, label: string): unknown {
  try {
    return JSON.parse(readFileSync(new URL(file, directory), 'utf8')) as unknown;
  } catch (error) {
    throw new RulePackError('RULE_PACK_INVALID', `rule pack file ${label} is not readable JSON: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The rule documents of rules/packs/<name>/, each validated against the fact catalogue, sorted
 * by id. Throws a RulePackError naming the file and its first errors when one is invalid, or
 * when a file is not named after the id it holds. `packsDirectory` (a folder URL ending in
 * `/`) lets tests and tools load packs kept elsewhere.
 */
export function loadRulePack(name = 'default', packsDirectory: URL = defaultPacksDirectory): RuleDocument[] {
  if (!packNamePattern.test(name)) {
    throw new RulePackError('RULE_PACK_NOT_FOUND', `rule pack name "${name}" must be lower case letters, digits and "-"`);
  }
  const directory = new URL(`${name}/`, packsDirectory);
  let files: string[];
  try {
    files = readdirSync(directory).filter((file) => file.endsWith('.json'));
  } catch (error) {
    throw new RulePackError('RULE_PACK_NOT_FOUND', `rule pack "${name}" not found in ${directory.pathname}`, { cause: error });
  }

  const rules = files.map((file) => {
    const label = `${name}/${file}`;
    const result = validateRule(readDocument(directory, file, label), factCatalogue);
    if (!result.ok) {
      const shown = result.errors.slice(0, errorsShown).map((error) => `${error.path || '/'} ${error.code}: ${error.message}`);
      const more = result.errors.length > errorsShown ? ` (and ${result.errors.length - errorsShown} more)` : '';
      throw new RulePackError('RULE_PACK_INVALID', `rule pack file ${label} is invalid: ${shown.join('; ')}${more}`);
    }
    if (file !== `${result.rule.id}.json`) {
      throw new RulePackError('RULE_PACK_INVALID', `rule pack file ${label} holds rule "${result.rule.id}"; name it ${result.rule.id}.json`);
    }
    return result.rule;
  });
  return rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
