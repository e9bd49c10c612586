// In front of the upload route: a cap on the uploads read at once (each holds a parser, a
// database connection and buffers; 20 at once took 2.4 GB), and, for a client that asks with
// `X-Progress: bytes-read`, interim `102 Processing` answers carrying how much of the body the
// server has read so far (`X-Bytes-Read`), so its progress is the server's, not its own socket's.
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../services/app-error.ts';

export interface UploadLimits {
  /** Uploads read at once; one more answers 503 with Retry-After. */
  maxConcurrent: number;
  /** The Retry-After of that 503, in seconds. */
  retryAfterSeconds: number;
}

export const defaultUploadLimits: Readonly<UploadLimits> = Object.freeze({ maxConcurrent: 4, retryAfterSeconds: 30 });

/** How often a progress answer goes out while the body is read. */
const progressEveryMs = 250;

export function uploadGate(limits: UploadLimits): RequestHandler {
  let active = 0;
  return (req, res, next) => {
    if (active >= limits.maxConcurrent) {
      res.setHeader('Retry-After', String(limits.retryAfterSeconds));
      // The body is not read: the connection closes after the answer rather than draining it.
      res.setHeader('Connection', 'close');
      next(
        new AppError('TOO_MANY_UPLOADS', `the server is reading ${limits.maxConcurrent} uploads already; try again in ${limits.retryAfterSeconds} s`, {
          retry_after_seconds: limits.retryAfterSeconds,
        }),
      );
      return;
    }
    active += 1;
    const stopProgress = req.headers['x-progress'] === 'bytes-read' ? reportProgress(req, res) : () => undefined;
    res.once('close', () => {
      active -= 1;
      stopProgress();
    });
    next();
  };
}

/**
 * Sends `102 Processing` with `X-Bytes-Read` while the body is read: the bytes the upload has
 * taken from the request so far (the request is read by async iteration, with backpressure).
 */
function reportProgress(req: Request, res: Response): () => void {
  const socket = req.socket;
  let read = 0;
  let reported = -1;
  const report = () => {
    if (read === reported || res.headersSent || socket.destroyed || !socket.writable) return;
    reported = read;
    socket.write(`HTTP/1.1 102 Processing\r\nX-Bytes-Read: ${read}\r\n\r\n`);
  };
  const iterate = req[Symbol.asyncIterator].bind(req);
  req[Symbol.asyncIterator] = async function* counted() {
    for await (const chunk of iterate()) {
      read += (chunk as Buffer).length;
      yield chunk;
    }
    report();
  };
  const timer = setInterval(report, progressEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}
