// The one error type of the rule core. Rule documents are validated before they are
// compiled, so these errors mean a caller skipped validation or facts broke a rule at run time.

/** Stable codes of RuleError. */
export type RuleErrorCode = 'RULE_COMPILE_FAILED' | 'RULE_EVALUATION_FAILED';

export class RuleError extends Error {
  /** Stable UPPER_SNAKE code. */
  readonly code: RuleErrorCode;
  /** The rule concerned. */
  readonly ruleId: string;
  /** JSON pointer into the rule document, e.g. `/conditions/all/2/operator`. */
  readonly path: string;

  constructor(code: RuleErrorCode, ruleId: string, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RuleError';
    this.code = code;
    this.ruleId = ruleId;
    this.path = path;
  }
}
