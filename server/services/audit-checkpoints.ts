// Writes signed checkpoints of the audit chain's head outside the database: appended to a file
// (in DATA_DIR), told to the log, and kept for GET /audit/checkpoints. A checkpoint is written
// when the head has moved: on demand, every interval, and when the service stops.
import { appendFile, readFile } from 'node:fs/promises';
import { chainHead } from '../db/audit-store.ts';
import type { Database } from '../db/database.ts';
import { checkpointSigner, parseCheckpoints, type AuditCheckpoint, type CheckpointSigner } from './audit-checkpoint.ts';
import type { Clock } from './rule-book.ts';

export interface CheckpointOptions {
  db: Database;
  key: Buffer;
  now: Clock;
  /** The JSON-lines file checkpoints are appended to; none: kept in memory only. */
  file?: string | null;
  /** Told of each checkpoint (the service logs it). */
  onCheckpoint?: (checkpoint: AuditCheckpoint) => void;
}

/** How many checkpoints GET /audit/checkpoints answers, newest last. */
const listed = 1000;

export class AuditCheckpoints {
  readonly signer: CheckpointSigner;
  readonly #options: CheckpointOptions;
  readonly #recent: AuditCheckpoint[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<AuditCheckpoint | null> = Promise.resolve(null);

  constructor(options: CheckpointOptions) {
    this.#options = options;
    this.signer = checkpointSigner(options.key);
  }

  /** Signs the current head if it moved since the last checkpoint; the checkpoint, or null. */
  write(): Promise<AuditCheckpoint | null> {
    this.#writing = this.#writing.catch(() => null).then(() => this.#write());
    return this.#writing;
  }

  async #write(): Promise<AuditCheckpoint | null> {
    const head = await chainHead(this.#options.db);
    const last = (await this.list()).at(-1);
    if (!head || (last && last.entry_id === head.entryId && last.hash === head.hash)) return null;
    const checkpoint = this.signer.sign(head, this.#options.now());
    if (this.#options.file) await appendFile(this.#options.file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
    this.#recent.push(checkpoint);
    if (this.#recent.length > listed) this.#recent.shift();
    this.#options.onCheckpoint?.(checkpoint);
    return checkpoint;
  }

  /** The latest checkpoints, oldest first: from the file when there is one (it outlives restarts). */
  async list(): Promise<AuditCheckpoint[]> {
    if (!this.#options.file) return [...this.#recent];
    const text = await readFile(this.#options.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    return text.trim() === '' ? [] : parseCheckpoints(text).slice(-listed);
  }

  /** A checkpoint every `intervalMs` while the head moves. */
  start(intervalMs: number, onError: (error: unknown) => void): void {
    this.#timer ??= setInterval(() => void this.write().catch(onError), intervalMs);
    this.#timer.unref();
  }

  /** Stops the timer and writes a last checkpoint. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.write();
  }
}
