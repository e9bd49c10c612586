// Reads a rendered report back: its bytes, how many chunks the stream gave, and its text per
// page as pdf-parse extracts it (flattened: runs of white space, no-break spaces included, become one space).
import type { Readable } from 'node:stream';
import { PDFParse } from 'pdf-parse';

export interface ReadPdf {
  bytes: Buffer;
  chunks: number;
  pageCount: number;
  /** The whole text, flattened. */
  text: string;
  /** Each page's text, flattened. */
  pages: string[];
}

const flatten = (text: string) => text.replace(/\s+/g, ' ').trim();

export async function readPdf(stream: Readable): Promise<ReadPdf> {
  // Flowing mode: one 'data' event per chunk the stream pushed, as an HTTP response would see them.
  const parts: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => parts.push(chunk));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const bytes = Buffer.concat(parts);
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const result = await parser.getText({ pageJoiner: '' });
    return { bytes, chunks: parts.length, pageCount: result.total, text: flatten(result.text), pages: result.pages.map((page) => flatten(page.text)) };
  } finally {
    await parser.destroy();
  }
}
