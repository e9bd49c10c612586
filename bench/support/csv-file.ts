// A generated CSV file for the benches: a header, then `rows` lines, written as a stream so that a
// million rows never sit in memory.
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

export async function writeCsv(path: string, header: string, rows: number, line: (i: number) => string): Promise<string> {
  const out = createWriteStream(path);
  out.write(header + '\n');
  for (let i = 0; i < rows; i += 1) {
    if (!out.write(line(i) + '\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
  return path;
}
