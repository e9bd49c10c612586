// CSV the service writes for people to open in a spreadsheet: a cell that a spreadsheet would
// read as a formula is neutralised (OWASP "CSV injection"), so a hostile upload cannot run
// anything on an analyst's machine when its rejects come back.

const formulaStart = /^[=+\-@\t\r]/;

export function spreadsheetCell(value: string | number | null | undefined, delimiter: string): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (formulaStart.test(text)) text = `'${text}`;
  const needsQuotes = text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r');
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}

export function spreadsheetRow(cells: readonly (string | number | null | undefined)[], delimiter: string): string {
  return `${cells.map((cell) => spreadsheetCell(cell, delimiter)).join(delimiter)}\r\n`;
}

/** Byte-order mark: tells Excel the file is UTF-8, so Cyrillic opens legibly. */
export const utf8Bom = '\uFEFF';
