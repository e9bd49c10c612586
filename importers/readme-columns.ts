// The README's "CSV columns" section, between its two markers, from the column definitions.
import { columnsMarkdown } from './column-docs.ts';

export const columnsStart = '<!-- columns:start -->';
export const columnsEnd = '<!-- columns:end -->';

/** The README with its columns section regenerated. */
export function withColumnsSection(readme: string): string {
  const start = readme.indexOf(columnsStart);
  const end = readme.indexOf(columnsEnd);
  if (start < 0 || end < start) throw new Error(`the README has no ${columnsStart} … ${columnsEnd} section`);
  return `${readme.slice(0, start + columnsStart.length)}\n\n${columnsMarkdown('####')}\n\n${readme.slice(end)}`;
}
