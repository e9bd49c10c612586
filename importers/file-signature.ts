// The first bytes of an upload that is not CSV text we can read: a workbook, an archive, a PDF,
// or text in UTF-16/32. Said plainly, with what to do, instead of a confusing header error later.
import { CsvFileError } from './types.ts';

const saveAsCsv = 'save it as CSV (UTF-8 or Windows-1251) and upload that file';

interface Signature {
  format: 'xlsx' | 'xls' | 'zip' | 'pdf';
  bytes: readonly number[];
  message: string;
}

// An .xlsx (and .ods) is a zip archive; the entry names in its first bytes tell which.
const signatures: readonly Signature[] = [
  { format: 'xls', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], message: `this is an Excel workbook (.xls), not CSV: ${saveAsCsv}` },
  { format: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04], message: `this is a zip archive, not CSV: unpack it and upload the CSV file inside` },
  { format: 'zip', bytes: [0x50, 0x4b, 0x05, 0x06], message: `this is an empty zip archive, not CSV: upload the CSV file itself` },
  { format: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], message: `this is a PDF document, not CSV: export the data from its source system as CSV` },
];

const workbookEntries = ['[Content_Types].xml', 'xl/', 'docProps/', 'mimetypeapplication/vnd.oasis.opendocument.spreadsheet'];

/** Byte-order marks of encodings we do not read; UTF-32LE before UTF-16LE, whose BOM it starts with. */
const unicodeBoms: readonly { encoding: string; bytes: readonly number[] }[] = [
  { encoding: 'utf-32le', bytes: [0xff, 0xfe, 0x00, 0x00] },
  { encoding: 'utf-32be', bytes: [0x00, 0x00, 0xfe, 0xff] },
  { encoding: 'utf-16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', bytes: [0xfe, 0xff] },
];

/** How many first bytes the NUL pattern of UTF-16/32 text is looked for in. */
const patternWindowBytes = 512;

/** Throws CsvFileError (NOT_CSV, UNSUPPORTED_ENCODING) when the first bytes show the file is not CSV text we read. */
export function checkFileSignature(head: Uint8Array): void {
  for (const signature of signatures) {
    if (!startsWith(head, signature.bytes)) continue;
    if (signature.format === 'zip' && isWorkbook(head)) {
      throw new CsvFileError('NOT_CSV', `this is an Excel workbook (.xlsx), not CSV: ${saveAsCsv}`, { format: 'xlsx' });
    }
    throw new CsvFileError('NOT_CSV', signature.message, { format: signature.format });
  }
  const encoding = unicodeBoms.find((bom) => startsWith(head, bom.bytes))?.encoding ?? nulPatternEncoding(head);
  if (encoding !== undefined) {
    throw new CsvFileError(
      'UNSUPPORTED_ENCODING',
      `the file is ${encoding.toUpperCase()} text; save it as CSV in UTF-8 or Windows-1251 and upload that file`,
      { encoding, supported: ['utf-8', 'windows-1251'] },
    );
  }
}

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((byte, at) => head[at] === byte);
}

function isWorkbook(head: Uint8Array): boolean {
  const names = Buffer.from(head.subarray(0, 4096)).toString('latin1');
  return workbookEntries.some((entry) => names.includes(entry));
}

/**
 * UTF-16 or UTF-32 without a BOM: ASCII (digits, delimiters, Latin) leaves NUL bytes in a fixed
 * place of each 2 or 4 bytes, Cyrillic too in UTF-32. A stray NUL in CSV text is a row's problem,
 * so it takes NULs in a fifth of the units on one side and almost none on the other.
 */
function nulPatternEncoding(head: Uint8Array): string | undefined {
  const length = Math.min(head.length, patternWindowBytes) & ~3;
  if (length < 8) return undefined;
  const nulsAt = [0, 0, 0, 0];
  for (let at = 0; at < length; at += 1) if (head[at] === 0) nulsAt[at % 4]! += 1;
  const [n0, n1, n2, n3] = nulsAt as [number, number, number, number];
  const units4 = length / 4;
  const units2 = length / 2;
  const most = (count: number, of: number) => count >= of * 0.9;
  const some = (count: number, of: number) => count >= of * 0.2;
  const few = (count: number, of: number) => count <= of * 0.02;
  if (most(n2, units4) && most(n3, units4) && few(n0, units4)) return 'utf-32le';
  if (most(n0, units4) && most(n1, units4) && few(n3, units4)) return 'utf-32be';
  if (some(n1 + n3, units2) && few(n0 + n2, units2)) return 'utf-16le';
  if (some(n0 + n2, units2) && few(n1 + n3, units2)) return 'utf-16be';
  return undefined;
}
