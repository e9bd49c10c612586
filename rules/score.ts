// From fired rules to a score and a lane. No single indicator is conclusive (DEA: judge the
// totality), so points add up; a critical rule is a hard stop whatever the points.
import type { RuleSeverity } from './rule-document.ts';

/** Red: inspect; yellow: check documents; green: release (ASYCUDA selectivity lanes). */
export const lanes = ['red', 'yellow', 'green'] as const;
export type Lane = (typeof lanes)[number];

/** Lowest scores of the red and yellow lanes. */
export interface LaneThresholds {
  /** A score at or above this is red. */
  red: number;
  /** A score at or above this (and below red) is yellow. */
  yellow: number;
}

/** The score and lane of one assessment. */
export interface Assessment {
  /** Sum of the fired rules' points, capped at 100. */
  score: number;
  /** Lane the consignment or holder goes to. */
  lane: Lane;
}

export const defaultLaneThresholds: Readonly<LaneThresholds> = Object.freeze({ red: 70, yellow: 30 });

export const maximumScore = 100;

export function scoreAssessment(
  firedRules: readonly { score: number; severity: RuleSeverity }[],
  thresholds: LaneThresholds = defaultLaneThresholds,
): Assessment {
  const total = firedRules.reduce((sum, rule) => sum + rule.score, 0);
  const score = Math.min(maximumScore, total);
  const critical = firedRules.some((rule) => rule.severity === 'critical');
  if (critical || score >= thresholds.red) return { score, lane: 'red' };
  if (score >= thresholds.yellow) return { score, lane: 'yellow' };
  return { score, lane: 'green' };
}
