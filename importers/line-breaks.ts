// Every line break (CRLF, CR, LF) becomes LF before the CSV parser sees it. csv-parse counts a
// CRLF inside a quoted field as two lines; with one kind of break its line count is the file's.
// The price: a quoted multi-line value keeps LF where the sender had CRLF.

const breaks = /\r\n?/g;

export class LineBreakNormaliser {
  /** A CR at the end of a chunk: whether an LF follows is in the next one. */
  #pendingCr = false;

  push(text: string): string {
    let chunk = this.#pendingCr ? `\r${text}` : text;
    this.#pendingCr = chunk.endsWith('\r');
    if (this.#pendingCr) chunk = chunk.slice(0, -1);
    return chunk.includes('\r') ? chunk.replace(breaks, '\n') : chunk;
  }

  end(): string {
    const rest = this.#pendingCr ? '\n' : '';
    this.#pendingCr = false;
    return rest;
  }
}

/** Text with every line break as LF, chunk by chunk. */
export async function* normaliseLineBreaks(text: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
  const normaliser = new LineBreakNormaliser();
  for await (const chunk of text) {
    const normalised = normaliser.push(chunk);
    if (normalised !== '') yield normalised;
  }
  const rest = normaliser.end();
  if (rest !== '') yield rest;
}
