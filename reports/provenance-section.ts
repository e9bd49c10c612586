// Where each statement of a report comes from: the source rows (batch, file, sha256, line)
// and, for assessed subjects, the rule versions the assessment was made with.
import type { ReportCanvas } from './report-canvas.ts';
import type { SourceRow } from './report-model.ts';
import { ink } from './palette.ts';

export interface Provenance {
  /** Lines printed first, e.g. when the risk was assessed. */
  notes: string[];
  ruleVersions: { ruleId: string; version: number }[] | null;
  sources: SourceRow[];
}

export function* drawProvenance(canvas: ReportCanvas, provenance: Provenance): Generator<void> {
  const strings = canvas.strings;
  canvas.heading(strings.provenance.title);
  for (const note of provenance.notes) canvas.paragraph(note, { size: 8.5 }, 2);
  if (provenance.ruleVersions) {
    canvas.subheading(strings.provenance.ruleVersions, 20);
    const versions = [...provenance.ruleVersions].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
    canvas.paragraph(versions.map((rule) => strings.provenance.version(rule.ruleId, rule.version)).join('; ') || strings.none, { size: 7.5 }, 4);
  }
  canvas.subheading(strings.provenance.sources, 30);
  if (provenance.sources.length === 0) canvas.paragraph(strings.provenance.noSources, { size: 8.5 });
  for (const source of provenance.sources) {
    const lines = [source.label, strings.provenance.batch(source.batchId, source.fileName), strings.provenance.line(source.line, source.sha256)];
    const heights = lines.map((line, index) => canvas.heightOf(line, { size: index === 0 ? 7.5 : 7, weight: index === 0 ? 'bold' : 'regular' }));
    canvas.ensureSpace(heights.reduce((sum, height) => sum + height, 0) + 3);
    canvas.paragraph(lines[0]!, { size: 7.5, weight: 'bold' }, 0);
    canvas.paragraph(lines[1]!, { size: 7, colour: ink.muted }, 0);
    canvas.paragraph(lines[2]!, { size: 7, colour: ink.muted }, 3);
    yield;
  }
}
