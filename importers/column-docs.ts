// The columns of each kind of upload, in words: a Markdown table per kind (for /docs and the
// README) and a template CSV (header and one example row). Derived from columns.ts only.
import { columnsFor } from './columns.ts';
import { importKinds, type ImportKind } from './types.ts';

const cell = (text: string) => text.replaceAll('|', '\\|');

export function columnsMarkdown(heading = '###'): string {
  return importKinds
    .map((kind) => {
      const rows = columnsFor(kind).map(
        (column) =>
          `| \`${column.name}\` | ${column.aliases.map(cell).join(', ')} | ${cell(column.type)} | ${column.required ? 'yes' : column.default === null ? 'no' : `no (default ${cell(column.default)})`} | ${cell(column.example)} |`,
      );
      return [
        `${heading} ${kind}`,
        '',
        `\`POST /api/v1/imports/${kind}\`; template: \`GET /api/v1/imports/${kind}/template.csv\`.`,
        '',
        '| column | Russian header | type | required | example |',
        '| --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n');
    })
    .join('\n\n');
}

const csvCell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** The header of every column, then one example row; UTF-8 with CRLF line ends, as spreadsheets write. */
export function csvTemplate(kind: ImportKind): string {
  const columns = columnsFor(kind);
  return `${columns.map((column) => column.name).join(',')}\r\n${columns.map((column) => csvCell(column.example)).join(',')}\r\n`;
}
