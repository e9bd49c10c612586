// fast-check arbitraries of CSV uploads as clients really send them, right or wrong: a valid file
// of holders, then mutated (NULs, stray quotes and delimiters, cut short, re-encoded, wrapped in
// random bytes), or random bytes outright.
import fc from 'fast-check';
import { aHolder, csvOf } from './factories.ts';

export interface CsvUpload {
  bytes: Uint8Array;
  /** The charset parameter of the Content-Type, if any. */
  charset: string | undefined;
  mode: 'partial' | 'atomic';
}

const windows1251 = (() => {
  const decoder = new TextDecoder('windows-1251');
  const bytes = new Map<string, number>();
  for (let byte = 0; byte < 256; byte += 1) bytes.set(decoder.decode(Uint8Array.of(byte)), byte);
  return bytes;
})();

function encode(text: string, encoding: 'utf-8' | 'windows-1251' | 'utf-16le'): Uint8Array {
  if (encoding === 'utf-16le') return Buffer.from(text, 'utf16le');
  if (encoding === 'utf-8') return Buffer.from(text);
  return Buffer.from(Array.from(text, (char) => windows1251.get(char) ?? 0x3f));
}

/** One edit of the text at a position given as a share of its length. */
const textEdit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  insert: fc.oneof(
    fc.constantFrom('\u0000', '"', ',', ';', '\t', '\n', '\r', '\r\n', '""', '\uFEFF', '\uFFFD', 'ё', '0', '-1', ''),
    fc.string({ maxLength: 8 }),
  ),
  deleteChars: fc.nat({ max: 4 }),
});

const validText = fc
  .record({ rows: fc.integer({ min: 1, max: 6 }), delimiter: fc.constantFrom(',', ';', '\t'), lineEnding: fc.constantFrom('\n', '\r\n') })
  .map(({ rows, delimiter, lineEnding }) => csvOf(Array.from({ length: rows }, () => aHolder()), { delimiter, lineEnding }));

const mutatedFile = fc
  .record({
    text: validText,
    edits: fc.array(textEdit, { maxLength: 4 }),
    encoding: fc.constantFrom('utf-8', 'utf-8', 'windows-1251', 'utf-16le'),
    cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 4 }),
    prefix: fc.option(fc.uint8Array({ maxLength: 8 }), { freq: 4 }),
    suffix: fc.option(fc.uint8Array({ maxLength: 16 }), { freq: 3 }),
  })
  .map(({ text, edits, encoding, cut, prefix, suffix }) => {
    let edited = text;
    for (const edit of edits) {
      const at = Math.floor(edit.at * edited.length);
      edited = edited.slice(0, at) + edit.insert + edited.slice(at + edit.deleteChars);
    }
    let bytes = encode(edited, encoding as 'utf-8' | 'windows-1251' | 'utf-16le');
    if (cut !== null) bytes = bytes.subarray(0, Math.floor(cut * bytes.length));
    return Buffer.concat([prefix ?? new Uint8Array(), bytes, suffix ?? new Uint8Array()]);
  });

export const csvBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: mutatedFile },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
);

export const csvUpload: fc.Arbitrary<CsvUpload> = fc.record({
  bytes: csvBytes,
  charset: fc.constantFrom(undefined, undefined, 'utf-8', 'windows-1251', 'latin-9'),
  mode: fc.constantFrom('partial', 'atomic'),
});
