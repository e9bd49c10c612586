// Signed checkpoints of the audit chain's head, kept outside the database (a file in DATA_DIR, the
// log, GET /audit/checkpoints). Whoever holds a copy can later prove that entries were removed
// from the end or the chain recomputed: the entry a checkpoint names must still carry its hash.
// Signed with Ed25519 so that a verifier needs only the public key, never the audit key.
import { createPrivateKey, createPublicKey, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';

/** One checkpoint, as written to the file (one JSON object a line) and answered by the API. */
export interface AuditCheckpoint {
  entry_id: number;
  hash: string;
  /** When it was signed, ISO 8601. */
  at: string;
  /** The Ed25519 public key that signed it, raw 32 bytes in base64. */
  public_key: string;
  /** Ed25519 signature of the payload below, base64. */
  signature: string;
}

export interface CheckpointSigner {
  publicKey: string;
  sign(head: { entryId: number; hash: string }, at: Date): AuditCheckpoint;
}

const payload = (checkpoint: { entry_id: number; hash: string; at: string }) =>
  Buffer.from(JSON.stringify(['ptc-audit-checkpoint-v1', checkpoint.entry_id, checkpoint.hash, checkpoint.at]), 'utf8');

// PKCS#8 and SPKI headers of a raw Ed25519 key (RFC 8410): the key bytes follow them.
const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * The signing key is derived from the audit key (HKDF), so a deployment keeps one secret; the
 * public key is printed at start-up and in every checkpoint, for verifiers to pin.
 */
export function checkpointSigner(auditKey: Buffer): CheckpointSigner {
  const seed = Buffer.from(hkdfSync('sha256', auditKey, Buffer.alloc(0), 'ptc audit checkpoint signing key', 32));
  const privateKey = createPrivateKey({ key: Buffer.concat([pkcs8Prefix, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  return {
    publicKey,
    sign: (head, at) => {
      const unsigned = { entry_id: head.entryId, hash: head.hash, at: at.toISOString() };
      return { ...unsigned, public_key: publicKey, signature: sign(null, payload(unsigned), privateKey).toString('base64') };
    },
  };
}

function rawPublicKey(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).subarray(spkiPrefix.length).toString('base64');
}

/** Whether a checkpoint's signature holds, for its own public key or the one given. */
export function checkpointSignatureHolds(checkpoint: AuditCheckpoint, publicKey: string = checkpoint.public_key): boolean {
  try {
    const key = createPublicKey({ key: Buffer.concat([spkiPrefix, Buffer.from(publicKey, 'base64')]), format: 'der', type: 'spki' });
    return verify(null, payload(checkpoint), key, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Checkpoints from a file: JSON lines as the service writes them, or the JSON of GET /audit/checkpoints. */
export function parseCheckpoints(text: string): AuditCheckpoint[] {
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as AuditCheckpoint);
  }
  if (Array.isArray(whole)) return whole as AuditCheckpoint[];
  const object = whole as { items?: AuditCheckpoint[] };
  return object.items ?? [whole as AuditCheckpoint];
}
