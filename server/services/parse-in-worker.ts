// parseCsv and stageChunks, run in a worker thread: the parsing and the encoding of the rows for
// COPY happen beside the database work. The upload body is read here (so its hash, size limit
// and abort stay on this side) and handed over a chunk at a time when the worker asks; staging
// chunks come back, and the worker waits when the reader falls behind, so memory stays flat both ways.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { parseCsv } from '../../importers/parse-csv.ts';
import { CsvFileError, type CsvHeader, type ImportKind, type SubstanceLookup } from '../../importers/types.ts';
import type { BatchMode } from '../vocabularies.ts';
import { stageChunks, type StageChunk } from './stage-chunks.ts';

export type ToWorker = { type: 'chunk'; bytes: Uint8Array } | { type: 'end' } | { type: 'abort' } | { type: 'read' };
export type FromWorker =
  | { type: 'more' }
  | { type: 'header'; header: CsvHeader }
  | { type: 'chunk'; chunk: StageChunk }
  | { type: 'done' }
  | { type: 'file-error'; code: string; message: string; details: Record<string, unknown> }
  | { type: 'failed'; message: string };

export interface ParseOptions {
  kind: ImportKind;
  /** From Content-Type; detected when undefined. */
  charset: string | undefined;
  /** The batch the staged rows belong to. */
  batchId: string;
  mode: BatchMode;
}

/** A CSV file's header, then its rows as staging chunks. */
export interface ParsedForStaging {
  header: CsvHeader;
  chunks: AsyncIterable<StageChunk>;
}

/** Parses an upload for staging; throws CsvFileError (see parseCsv) for a file that cannot be read at all. */
export type ParseCsv = (source: AsyncIterable<Buffer | Uint8Array>, options: ParseOptions) => Promise<ParsedForStaging>;

/** The same, in this thread (tests, scripts). */
export function parseInThisThread(substances: SubstanceLookup): ParseCsv {
  return async (source, options) => {
    const parsed = await parseCsv(source, { kind: options.kind, charset: options.charset, substances });
    return { header: parsed.header, chunks: stageChunks(parsed.rows, options) };
  };
}

// A worker thread does not inherit the TypeScript loader the service runs under (tsx), so it
// registers the loader itself before importing its module.
const workerBootstrap = `
  import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./csv-parse-worker.ts', import.meta.url).href)}); });
`;

/** A few warm workers, reused across uploads; more are started when uploads overlap. */
export class CsvParserPool {
  readonly #idle: Worker[] = [];
  readonly #all = new Set<Worker>();
  #closed = false;

  constructor(private readonly keepIdle = 1) {
    for (let i = 0; i < keepIdle; i += 1) this.#idle.push(this.#spawn());
  }

  readonly parse: ParseCsv = async (source, options) => {
    const worker = this.#idle.pop() ?? this.#spawn();
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ port: port2, ...options }, [port2]);
    return receive(port1, source, () => this.#release(worker));
  };

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#all].map((worker) => worker.terminate()));
  }

  #spawn(): Worker {
    const worker = new Worker(workerBootstrap, { eval: true });
    worker.unref();
    this.#all.add(worker);
    worker.once('exit', () => {
      this.#all.delete(worker);
      const index = this.#idle.indexOf(worker);
      if (index >= 0) this.#idle.splice(index, 1);
    });
    return worker;
  }

  #release(worker: Worker): void {
    if (this.#closed || this.#idle.length >= this.keepIdle) void worker.terminate();
    else this.#idle.push(worker);
  }
}

function receive(port: MessagePort, source: AsyncIterable<Buffer | Uint8Array>, release: () => void): Promise<ParsedForStaging> {
  const send = (message: ToWorker) => port.postMessage(message);
  const batches: StageChunk[] = [];
  let finished = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };

  // The body is pumped to the worker only when it asks, one chunk at a time.
  const iterator = source[Symbol.asyncIterator]();
  let pumping = Promise.resolve();
  let sourceDone = false;
  const pump = async () => {
    if (sourceDone) return;
    try {
      const next = await iterator.next();
      if (next.done) {
        sourceDone = true;
        send({ type: 'end' });
      } else send({ type: 'chunk', bytes: next.value });
    } catch (error) {
      sourceDone = true;
      failure ??= error;
      send({ type: 'abort' });
      notify();
      rejectHeader(error);
    }
  };

  let resolveHeader!: (header: CsvHeader) => void;
  let rejectHeader!: (error: unknown) => void;
  const header = new Promise<CsvHeader>((resolve, reject) => {
    resolveHeader = resolve;
    rejectHeader = reject;
  });
  header.catch(() => undefined);

  port.on('message', (message: FromWorker) => {
    switch (message.type) {
      case 'more':
        // One read of the body at a time, in order, however many times the worker asks.
        pumping = pumping.then(pump);
        break;
      case 'header':
        resolveHeader(message.header);
        break;
      case 'chunk':
        batches.push(message.chunk);
        notify();
        break;
      case 'done':
        finished = true;
        notify();
        break;
      case 'file-error':
        // Before the header it fails the header; after it (NO_ROWS) it ends the rows.
        finished = true;
        failure ??= new CsvFileError(message.code, message.message, message.details);
        rejectHeader(failure);
        notify();
        break;
      case 'failed':
        finished = true;
        failure ??= new Error(`CSV parser failed: ${message.message}`);
        rejectHeader(failure);
        notify();
        break;
    }
  });
  port.once('close', () => {
    release();
    finished = true;
    notify();
  });

  async function* chunks(): AsyncGenerator<StageChunk> {
    try {
      for (;;) {
        const chunk = batches.shift();
        if (chunk) {
          send({ type: 'read' });
          yield chunk;
          continue;
        }
        if (failure) throw failure;
        if (finished) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      if (!finished) send({ type: 'abort' });
    }
  }

  return header.then((resolved) => ({ header: resolved, chunks: chunks() }));
}
