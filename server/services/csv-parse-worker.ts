// Worker thread that parses uploads, so that parsing, validation and the encoding of the rows for
// COPY run beside the database work instead of before it, and off the service's event loop.
// One job at a time per worker, each on its own MessageChannel.
import { parentPort, type MessagePort } from 'node:worker_threads';
import { loadSubstanceCatalogue } from '../../catalogue/substance-catalogue.ts';
import { parseCsv } from '../../importers/parse-csv.ts';
import { CsvFileError, type ImportKind } from '../../importers/types.ts';
import type { BatchMode } from '../vocabularies.ts';
import type { FromWorker, ToWorker } from './parse-in-worker.ts';
import { stageChunks } from './stage-chunks.ts';

/**
 * Chunks the main thread may hold unread before the worker waits: the main thread, back from
 * the database, finds the next chunk parsed instead of waiting on the parser.
 */
const maxUnread = 3;

const substances = loadSubstanceCatalogue();

export interface ParseJob {
  port: MessagePort;
  kind: ImportKind;
  charset: string | undefined;
  batchId: string;
  mode: BatchMode;
}

parentPort!.on('message', (job: ParseJob) => {
  void run(job);
});

async function run({ port, kind, charset, batchId, mode }: ParseJob): Promise<void> {
  const send = (message: FromWorker) => port.postMessage(message);
  const inbox: Uint8Array[] = [];
  let ended = false;
  let aborted = false;
  let unread = 0;
  // The parser reads ahead on its own while rows wait to be sent, so two waits can be pending.
  let waiting: (() => void)[] = [];
  const wait = () => new Promise<void>((resolve) => waiting.push(resolve));
  port.on('message', (message: ToWorker) => {
    if (message.type === 'chunk') inbox.push(message.bytes);
    else if (message.type === 'end') ended = true;
    else if (message.type === 'abort') aborted = true;
    else if (message.type === 'read') unread -= 1;
    const resume = waiting;
    waiting = [];
    for (const wakeUp of resume) wakeUp();
  });

  async function* source(): AsyncGenerator<Uint8Array> {
    for (;;) {
      if (aborted) throw new Error('upload aborted');
      const chunk = inbox.shift();
      if (chunk) {
        yield chunk;
        continue;
      }
      if (ended) return;
      send({ type: 'more' });
      await wait();
    }
  }

  try {
    const parsed = await parseCsv(source(), { kind, charset, substances });
    send({ type: 'header', header: parsed.header });
    for await (const chunk of stageChunks(parsed.rows, { kind, batchId, mode })) {
      while (unread >= maxUnread && !aborted) await wait();
      unread += 1;
      send({ type: 'chunk', chunk });
    }
    send({ type: 'done' });
  } catch (error) {
    if (aborted) send({ type: 'done' });
    else if (error instanceof CsvFileError) send({ type: 'file-error', code: error.code, message: error.message, details: error.details });
    else send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  } finally {
    port.close();
  }
}
