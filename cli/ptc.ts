// ptc: command-line client of the service. `ptc import <kind> <file>` streams a CSV file to a
// running server with a progress line and prints the batch summary.
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parseArgs } from 'node:util';

const kinds = ['holders', 'licences', 'declarations', 'transfers'];
const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Exit statuses, one meaning each. */
export const exitCodes = { ok: 0, failed: 1, usage: 2, landedWithRejects: 3 } as const;

const usage = `Usage:
  ptc import <kind> <file> --server URL --token TOKEN [--mode partial|atomic] [--charset utf-8|windows-1251]
  ptc audit verify --server URL --token TOKEN [--checkpoints FILE [--public-key KEY]]
  ptc worker [--workers N] [--until-idle]
  ptc --version

  kind      one of ${kinds.join(', ')}
  --server  base URL of the service, http:// or https:// (default $PTC_SERVER, else
            http://localhost:8080); a bare host:port is taken as http://host:port
  --token   bearer token with the ingest role (default $PTC_TOKEN)
  --mode    partial (default): valid rows land; atomic: any invalid row and nothing lands
  --charset the file's encoding, when detection should not be trusted
  --wait    answer only once the batch is assessed (or the server's ASSESSMENT_WAIT_MS ran out)
  --workers background workers in this process (default $JOB_WORKERS, at least 1)
  --until-idle  stop once no job is queued or running (else run until SIGTERM)
  --checkpoints signed checkpoints of the audit chain kept outside the service (the JSON lines of
            DATA_DIR/audit-checkpoints.jsonl, the log's, or GET /api/v1/audit/checkpoints saved):
            their signatures are checked here, then each must still be in the chain with its hash
  --public-key  the Ed25519 key (base64) the checkpoints must be signed with (default: their own)

import streams a CSV file to the service and prints the batch summary; audit verify has the
service recompute the audit trail's keyed hash chain and names the first entry that does not match
(with --checkpoints also entries removed from the end and a chain recomputed);
worker runs background workers (assessments, rescores) against the PostgreSQL server named by
DATABASE_URL, beside the service's own (configured like the service: JOB_* variables).

Exit status: 0 when every row landed (the chain holds); 3 when the batch landed with rejected
rows; 1 when nothing landed: the upload failed or the batch was rejected (the chain is broken, or
the check failed); 2 for a usage error, a missing file among them.`;

interface BatchSummary {
  batch: {
    id: string;
    status: string;
    rows: number;
    accepted: number;
    updated: number;
    duplicates: number;
    rejected: number;
    error: { code: string; message: string } | null;
  };
  errors: { line: number; column: string | null; code: string; message: string }[];
  assessment?: { job_id: string; status: string; subjects: number; assessed: number; failed: number; error: string | null } | null;
}

export async function main(argv: string[], output: { out: NodeJS.WritableStream; err: NodeJS.WritableStream } = { out: process.stdout, err: process.stderr }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        server: { type: 'string' },
        token: { type: 'string' },
        mode: { type: 'string', default: 'partial' },
        charset: { type: 'string' },
        wait: { type: 'boolean' },
        workers: { type: 'string' },
        'until-idle': { type: 'boolean' },
        checkpoints: { type: 'string' },
        'public-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    output.err.write(`${(error as Error).message}\n\n${usage}\n`);
    return exitCodes.usage;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    output.out.write(`ptc ${version}\n`);
    return exitCodes.ok;
  }
  if (values.help || positionals.length === 0) {
    output.out.write(`${usage}\n`);
    return values.help ? 0 : 2;
  }
  const [command, kind, file] = positionals;
  if (command === 'worker') return startWorkers(values.workers, values['until-idle'] ?? false, output);
  const server = serverUrl(values.server ?? process.env.PTC_SERVER ?? 'http://localhost:8080');
  if (server instanceof Error) {
    output.err.write(`ptc: ${server.message}\n`);
    return exitCodes.usage;
  }
  const token = values.token ?? process.env.PTC_TOKEN;
  if (command === 'audit' && kind === 'verify' && token) return verifyAudit(server, token, output, { file: values.checkpoints, publicKey: values['public-key'] });
  const problem =
    command === 'audit' ? (kind !== 'verify' ? 'the audit command is: ptc audit verify' : 'give a token with --token (or PTC_TOKEN)')
    : command !== 'import' ? `unknown command "${command}"`
    : !kind || !kinds.includes(kind) ? `kind must be one of ${kinds.join(', ')}`
    : !file ? 'give the CSV file to upload'
    : !token ? 'give a token with --token (or PTC_TOKEN)'
    : values.mode !== 'partial' && values.mode !== 'atomic' ? 'mode must be partial or atomic'
    : undefined;
  if (problem) {
    output.err.write(`ptc: ${problem}\n\n${usage}\n`);
    return 2;
  }
  return importFile({ server, token: token!, kind: kind!, file: file!, mode: values.mode!, charset: values.charset, wait: values.wait ?? false }, output);
}

/** `ptc worker`: the server's own code, loaded only for this command (a client needs none of it). */
async function startWorkers(workers: string | undefined, untilIdle: boolean, output: { out: NodeJS.WritableStream; err: NodeJS.WritableStream }): Promise<number> {
  if (workers !== undefined && !/^[1-9]\d{0,1}$/.test(workers)) {
    output.err.write(`ptc: --workers must be a whole number from 1 to 99\n\n${usage}\n`);
    return 2;
  }
  const { runWorkerProcess } = await import('../server/worker-process.ts');
  return runWorkerProcess({ workers: workers === undefined ? undefined : Number(workers), untilIdle, err: output.err });
}

async function importFile(
  options: { server: URL; token: string; kind: string; file: string; mode: string; charset: string | undefined; wait: boolean },
  output: { out: NodeJS.WritableStream; err: NodeJS.WritableStream },
): Promise<number> {
  let size: number;
  try {
    const file = await stat(options.file);
    if (!file.isFile()) throw new Error('not a file');
    size = file.size;
  } catch (error) {
    output.err.write(`ptc: cannot read ${options.file}: ${(error as Error).message}\n`);
    return exitCodes.usage;
  }
  const url = new URL(`/api/v1/imports/${options.kind}`, options.server);
  url.searchParams.set('mode', options.mode);
  url.searchParams.set('file_name', basename(options.file));
  if (options.wait) url.searchParams.set('wait', 'assessed');
  const progress = new Progress(size, output.err);
  try {
    const { status, body } = await send(url, options, size, progress);
    progress.done();
    if (status !== 201) {
      const error = (body as { error?: { code: string; message: string } }).error;
      output.err.write(`ptc: upload failed (${status}${error ? ` ${error.code}` : ''}): ${error?.message ?? 'no reason given'}\n`);
      return exitCodes.failed;
    }
    const summary = body as BatchSummary;
    output.out.write(formatSummary(summary));
    if (options.wait && summary.assessment && summary.assessment.status !== 'done') return exitCodes.failed;
    return exitCodeOf(summary.batch);
  } catch (error) {
    progress.done();
    output.err.write(`ptc: upload failed: ${(error as Error).message}\n`);
    return exitCodes.failed;
  }
}

function exitCodeOf(batch: BatchSummary['batch']): number {
  if (batch.status !== 'completed') return exitCodes.failed;
  return batch.rejected > 0 ? exitCodes.landedWithRejects : exitCodes.ok;
}

/** The --server value as a URL: http(s) only; a bare host:port (no scheme) is taken as http://. */
export function serverUrl(value: string): URL | Error {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return new Error(`--server "${value}" is not a URL; give it as http://host:port`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return new Error(`--server "${value}" must be an http:// or https:// URL`);
  }
  return url;
}

function send(
  url: URL,
  options: { token: string; file: string; charset: string | undefined },
  size: number,
  progress: Progress,
): Promise<{ status: number; body: unknown }> {
  const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${options.token}`,
      'content-type': `text/csv${options.charset ? `; charset=${options.charset}` : ''}`,
      'content-length': size,
      // The server answers 102 with X-Bytes-Read as it reads: the progress shown is the server's.
      'x-progress': 'bytes-read',
    },
  });
  return new Promise((resolve, reject) => {
    request.on('error', reject);
    request.on('information', (info: { statusCode: number; headers: Record<string, string | string[] | undefined> }) => {
      const read = Number(info.headers['x-bytes-read']);
      if (info.statusCode === 102 && Number.isFinite(read)) progress.serverRead(read);
    });
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) });
        } catch {
          resolve({ status: response.statusCode ?? 0, body: { error: { code: 'BAD_RESPONSE', message: text.slice(0, 200) } } });
        }
      });
    });
    const file = createReadStream(options.file);
    file.on('error', reject);
    file.pipe(request);
  });
}

async function verifyAudit(
  server: URL,
  token: string,
  output: { out: NodeJS.WritableStream; err: NodeJS.WritableStream },
  checkpointOptions: { file: string | undefined; publicKey: string | undefined },
): Promise<number> {
  const claims: { entry_id: number; hash: string }[] = [];
  let badSignatures = 0;
  if (checkpointOptions.file) {
    // The signature check needs only node:crypto; loaded for this command alone.
    const { checkpointSignatureHolds, parseCheckpoints } = await import('../server/services/audit-checkpoint.ts');
    let checkpoints;
    try {
      checkpoints = parseCheckpoints(readFileSync(checkpointOptions.file, 'utf8'));
    } catch (error) {
      output.err.write(`ptc: cannot read the checkpoints in ${checkpointOptions.file}: ${(error as Error).message}\n`);
      return exitCodes.usage;
    }
    const publicKey = checkpointOptions.publicKey ?? checkpoints[0]?.public_key;
    for (const checkpoint of checkpoints) {
      if (checkpointSignatureHolds(checkpoint, publicKey)) claims.push({ entry_id: checkpoint.entry_id, hash: checkpoint.hash });
      else {
        badSignatures += 1;
        output.out.write(`checkpoint of entry ${checkpoint.entry_id} (${checkpoint.at}): its signature does not hold for key ${publicKey}: not used\n`);
      }
    }
    output.out.write(`${claims.length} signed checkpoints (key ${publicKey ?? 'none'})\n`);
  }
  try {
    const response = await fetch(new URL('/api/v1/audit/verify', server), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...(checkpointOptions.file && { 'content-type': 'application/json' }) },
      ...(checkpointOptions.file && { body: JSON.stringify({ checkpoints: claims }) }),
    });
    const body = (await response.json()) as {
      valid?: boolean;
      entries?: number;
      legacy_entries?: number;
      first_mismatch?: { id: number; reason: string } | null;
      checkpoints?: { entry_id: number; status: string; reason: string | null }[];
      error?: { code: string; message: string };
    };
    if (!response.ok) {
      output.err.write(`ptc: audit verify failed (${response.status}${body.error ? ` ${body.error.code}` : ''}): ${body.error?.message ?? 'no reason given'}\n`);
      return 1;
    }
    for (const checkpoint of body.checkpoints ?? []) {
      if (checkpoint.status !== 'ok') output.out.write(`checkpoint of entry ${checkpoint.entry_id} ${checkpoint.status.toUpperCase()}: ${checkpoint.reason}\n`);
    }
    if (body.first_mismatch) {
      output.out.write(`audit trail BROKEN at entry ${body.first_mismatch.id}: ${body.first_mismatch.reason} (${body.entries} entries read)\n`);
      return 1;
    }
    if (body.valid && badSignatures === 0) {
      const held = claims.length > 0 ? `, ${claims.length} checkpoints hold` : '';
      output.out.write(`audit trail intact: ${body.entries} entries, every hash matches${held}\n`);
      return 0;
    }
    output.out.write(`audit trail NOT PROVEN: ${body.entries} entries chain, but ${badSignatures > 0 ? 'checkpoints are forged or damaged' : 'checkpoints do not match (entries removed or the chain rewritten)'}\n`);
    return 1;
  } catch (error) {
    output.err.write(`ptc: audit verify failed: ${(error as Error).message}\n`);
    return 1;
  }
}

function formatSummary({ batch, errors, assessment }: BatchSummary): string {
  const lines = [
    `batch ${batch.id}: ${batch.status}`,
    `  rows ${batch.rows}: accepted ${batch.accepted}, updated ${batch.updated}, duplicates ${batch.duplicates}, rejected ${batch.rejected}`,
  ];
  if (assessment) {
    lines.push(
      `  assessment ${assessment.status}: ${assessment.assessed} of ${assessment.subjects} subjects assessed, ${assessment.failed} failed` +
        (assessment.error ? ` (${assessment.error})` : '') +
        (assessment.status === 'queued' || assessment.status === 'running' ? ` (GET /api/v1/jobs/${assessment.job_id})` : ''),
    );
  }
  if (batch.error) lines.push(`  ${batch.error.code}: ${batch.error.message}`);
  for (const error of errors.slice(0, 20)) {
    lines.push(`  line ${error.line}${error.column ? ` (${error.column})` : ''}: ${error.code} ${error.message}`);
  }
  if (batch.rejected > Math.min(errors.length, 20)) {
    lines.push(`  ... all rejected rows: GET /api/v1/imports/${batch.id}/rejects.csv`);
  }
  return `${lines.join('\n')}\n`;
}

/** One progress line on stderr: the bytes the server has read (as it reports them) and their rate. */
class Progress {
  private bytes = 0;
  private lastDrawn = 0;
  private readonly started = Date.now();
  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WritableStream,
  ) {}

  serverRead(bytes: number): void {
    this.bytes = Math.min(Math.max(this.bytes, bytes), this.total);
    if (Date.now() - this.lastDrawn > 200 || this.bytes === this.total) this.draw();
  }

  done(): void {
    this.draw();
    this.stream.write('\n');
  }

  private draw(): void {
    this.lastDrawn = Date.now();
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const share = this.total === 0 ? 1 : this.bytes / this.total;
    const width = 30;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
    const rate = this.bytes / 1e6 / seconds;
    // Floored: 100 % only once the server has read the last byte.
    this.stream.write(`\r[${bar}] ${Math.floor(share * 100).toString().padStart(3)}%  ${megabytes(this.bytes)}/${megabytes(this.total)} MB read by the server  ${rate.toFixed(1)} MB/s `);
  }
}

const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);
