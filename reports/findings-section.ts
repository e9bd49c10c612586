// The fired rules, one block each: severity, name and score; the reason in the reader's language;
// the values that made it fire against the condition, in words; the rule id, version and source.
import { factLabel, factValue } from './fact-words.ts';
import type { ReportStrings } from './i18n.ts';
import type { ReportFinding } from './report-model.ts';
import type { ReportCanvas } from './report-canvas.ts';
import { ink, severityColour } from './palette.ts';

const operatorSymbols: Readonly<Record<string, string>> = {
  equal: '=',
  notEqual: '≠',
  lessThan: '<',
  lessThanInclusive: '≤',
  greaterThan: '>',
  greaterThanInclusive: '≥',
  in: '∈',
  notIn: '∉',
  contains: '∋',
  doesNotContain: '∌',
};

/** `greaterThanInclusive` -> `≥`, `not:in` -> `not ∈`, `someFact:greaterThan` -> `someFact >`. */
export function operatorSymbol(operator: string): string {
  const parts = operator.split(':');
  const last = parts.pop() ?? operator;
  return [...parts, operatorSymbols[last] ?? last].join(' ');
}

/** A fact or threshold as printed: numbers grouped, lists joined, long values cut. */
export function formatValue(value: unknown, strings: ReportStrings): string {
  if (value === null || value === undefined) return strings.none;
  if (typeof value === 'number') return strings.number(value);
  if (typeof value === 'boolean') return value ? strings.yes : strings.no;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const shown = value.slice(0, 12).map((item) => formatValue(item, strings));
    return `[${shown.join(', ')}${value.length > shown.length ? ', …' : ''}]`;
  }
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

export function* drawFindings(canvas: ReportCanvas, findings: readonly ReportFinding[]): Generator<void> {
  const strings = canvas.strings;
  canvas.heading(strings.findings.title);
  if (findings.length === 0) canvas.paragraph(strings.findings.none);
  for (const finding of findings) {
    drawFinding(canvas, finding);
    yield;
  }
}

function drawFinding(canvas: ReportCanvas, finding: ReportFinding): void {
  const { doc, strings } = canvas;
  const chip = strings.severity[finding.severity];
  const chipWidth = canvas.widthOf(chip, { size: 7, weight: 'bold' }) + 10;
  const score = strings.findings.score(finding.score);
  const scoreWidth = canvas.widthOf(score, { size: 9, weight: 'bold' }) + 4;
  const nameX = canvas.left + chipWidth + 6;
  const nameWidth = canvas.right - scoreWidth - nameX - 6;
  const triggers = finding.triggers.map((trigger) =>
    strings.findings.trigger(
      factLabel(trigger.fact, strings),
      factValue(trigger.fact, trigger.actual, strings),
      strings.findings.condition(trigger.operator, factValue(trigger.fact, trigger.threshold, strings)),
    ),
  );
  const reason = finding.shownIn ? `${finding.reason}\n${strings.findings.untranslated(strings.languageName[finding.shownIn])}` : finding.reason;
  const meta = `${strings.findings.rule(finding.ruleId, finding.ruleVersion)} · ${strings.findings.source}: ${finding.source || strings.none}`;

  const nameHeight = Math.max(12, canvas.heightOf(finding.name, { size: 9.5, weight: 'bold', width: nameWidth }));
  const indent = canvas.left + 10;
  const innerWidth = canvas.right - indent;
  const height =
    nameHeight +
    canvas.heightOf(reason, { size: 9, width: innerWidth }) +
    (triggers.length > 0 ? canvas.heightOf(`${strings.findings.triggers}:`, { size: 7.5, width: innerWidth }) : 0) +
    triggers.reduce((sum, line) => sum + canvas.heightOf(`• ${line}`, { size: 7.5, width: innerWidth }), 0) +
    canvas.heightOf(meta, { size: 7, width: innerWidth }) +
    16;
  if (height <= canvas.pageContentHeight) canvas.ensureSpace(height);

  const top = canvas.y;
  doc.roundedRect(canvas.left, top, chipWidth, 11, 2).fill(severityColour[finding.severity]);
  canvas.label(chip, canvas.left, top + 2, { size: 7, weight: 'bold', colour: finding.severity === 'medium' ? ink.text : '#ffffff', width: chipWidth, align: 'center' });
  canvas.label(score, canvas.right - scoreWidth, top, { size: 9, weight: 'bold', width: scoreWidth, align: 'right' });
  canvas.style({ size: 9.5, weight: 'bold' });
  doc.text(finding.name, nameX, top, { width: nameWidth });
  canvas.y = top + nameHeight + 2;
  canvas.paragraph(reason, { size: 9, x: indent }, 2);
  if (triggers.length > 0) {
    canvas.paragraph(`${strings.findings.triggers}:`, { size: 7.5, x: indent, colour: ink.muted }, 0);
    for (const line of triggers) canvas.paragraph(`• ${line}`, { size: 7.5, x: indent }, 0);
  }
  canvas.paragraph(meta, { size: 7, x: indent, colour: ink.muted }, 0);
  const bottom = canvas.y + 4;
  doc.moveTo(canvas.left, bottom).lineTo(canvas.right, bottom).lineWidth(0.3).strokeColor(ink.rule).stroke();
  canvas.y = bottom + 5;
}
