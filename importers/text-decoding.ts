// Bytes -> text. The charset comes from the request when it says so; otherwise a UTF-8 BOM or
// valid UTF-8 at the start means UTF-8, and anything else is taken for Windows-1251, the
// encoding of 1C and of Excel's "CSV" on Russian-language Windows.
import { checkFileSignature } from './file-signature.ts';
import { CsvFileError, type CsvHeader } from './types.ts';

export type TextEncoding = CsvHeader['encoding'];

/** How much of the file decides the encoding when the request does not name it. */
export const detectionWindowBytes = 64 * 1024;

const charsetNames: Record<string, TextEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1251': 'windows-1251',
  cp1251: 'windows-1251',
};

/** The encoding a Content-Type charset names; undefined when there is none to honour. */
export function resolveCharset(charset: string | undefined): TextEncoding | undefined {
  if (charset === undefined || charset.trim() === '') return undefined;
  const encoding = charsetNames[charset.trim().replace(/^"(.*)"$/, '$1').toLowerCase()];
  if (encoding === undefined) {
    throw new CsvFileError(
      'UNSUPPORTED_CHARSET',
      `the charset "${charset}" is not supported; send the file as UTF-8 or Windows-1251`,
      { charset, supported: ['utf-8', 'windows-1251'] },
    );
  }
  return encoding;
}

export interface DecodedText {
  /** As declared, or as detected from the first bytes. */
  encoding: TextEncoding;
  /** The file's text in order, BOM removed; pulling it reads the source. */
  chunks: AsyncIterator<string>;
}

/**
 * Reads up to the detection window (or the whole of a smaller file), settles the encoding, and
 * answers the text as a stream that decodes the rest only as it is pulled.
 */
export async function decodeText(
  bytes: AsyncIterator<Buffer | Uint8Array>,
  declared: TextEncoding | undefined,
): Promise<DecodedText> {
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < detectionWindowBytes) {
    const next = await bytes.next();
    if (next.done === true) {
      ended = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  let prefix: Uint8Array = Buffer.concat(head);
  checkFileSignature(prefix);
  const bom = startsWithUtf8Bom(prefix);
  if (bom) prefix = prefix.subarray(3);
  // A file that is ASCII for its first 64 KiB and Windows-1251 after is read as UTF-8 (its later
  // Cyrillic turns into U+FFFD); exports with Cyrillic headers or names never come close.
  const sample = prefix.subarray(0, detectionWindowBytes);
  const complete = ended && sample.length === prefix.length;
  const utf8 = bom || isUtf8(sample, complete);
  if (declared === 'utf-8' && !utf8) {
    throw new CsvFileError(
      'CHARSET_MISMATCH',
      'the request says charset=utf-8 but the file is not UTF-8 (most likely Windows-1251): send it with charset=windows-1251, or with no charset to have it detected',
      { charset: 'utf-8' },
    );
  }
  const encoding = declared ?? (utf8 ? 'utf-8' : 'windows-1251');
  // The BOM is ours to remove (above); a decoder left to do it would do it for UTF-8 only.
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  return { encoding, chunks: decodeRest(decoder, prefix, bytes, ended) };
}

async function* decodeRest(
  decoder: TextDecoder,
  prefix: Uint8Array,
  bytes: AsyncIterator<Buffer | Uint8Array>,
  ended: boolean,
): AsyncGenerator<string> {
  // Streaming decode keeps a character split between chunks whole.
  let text = decoder.decode(prefix, { stream: true });
  if (text !== '') yield text;
  if (!ended) {
    // Pulled by hand rather than with for-await: leaving early must not close the caller's source.
    for (let next = await bytes.next(); next.done !== true; next = await bytes.next()) {
      text = decoder.decode(next.value, { stream: true });
      if (text !== '') yield text;
    }
  }
  text = decoder.decode();
  if (text !== '') yield text;
}

function startsWithUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Valid UTF-8, allowing a character cut short at the end when more of the file follows. */
function isUtf8(bytes: Uint8Array, complete: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}
