// The wrong-token throttle. Failures are counted per client address (IPv6 by its /64, so rotating
// addresses within one allocation counts as one client), per presented token prefix (so rotating
// addresses does not help guessing at one token), and over everyone (a ceiling that warns).
// A valid token is never refused for others' failures: a throttled address's tokens are still
// looked up, and only tokens that are not valid are refused. Only when a prefix itself is under
// attack, or the global ceiling is passed, are unknown tokens refused without a look-up, and even
// then a prefix that has authenticated before goes through.
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';

export interface AuthThrottleOptions {
  /** Failures of one address, or of one token prefix, within the window before it is throttled. */
  maxFailures?: number;
  windowMs?: number;
  /** Failures of everyone within the window past which the log warns and unknown tokens of throttled clients go unread. */
  globalMaxFailures?: number;
  now?: () => number;
  /** A client or a prefix just reached the limit, or everyone reached the ceiling: a burst of refused tokens. */
  onBurst?: (burst: AuthBurst) => void;
}

export interface AuthBurst {
  kind: 'address' | 'token_prefix' | 'global';
  /** The address (IPv6: its /64) or the digest of the token prefix; null for the global ceiling. */
  key: string | null;
  failures: number;
  windowMs: number;
}

export type ThrottleDecision =
  /** Look the token up; refuse it with 429 (not 401) if it is not valid, for `retryAfterMs`. */
  | { lookUp: true; throttledMs: number }
  /** Refuse without looking up. */
  | { lookUp: false; throttledMs: number };

/** Characters of a presented token counted as its prefix: `ptc_` and 12 random characters (72 bits). */
export const tokenPrefixLength = 16;

/** The client as the throttle counts it: an IPv6 address by its /64. */
export function clientKey(address: string): string {
  const plain = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  if (!isIPv6(plain)) return plain;
  const [head = '', tail = ''] = plain.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = plain.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export const prefixKey = (token: string) => createHash('sha256').update(token.slice(0, tokenPrefixLength)).digest('hex').slice(0, 16);

/**
 * Failures counted per key within a sliding window: past `maxFailures` within `windowMs` the key
 * is throttled until the window has passed. Kept in memory: each instance counts for itself.
 */
export class AuthFailureThrottle {
  readonly #failures = new Map<string, number[]>();
  constructor(
    readonly maxFailures = 10,
    readonly windowMs = 60_000,
  ) {}

  /** Milliseconds until this client may try again; 0 when it may now. */
  retryAfterMs(client: string, now = Date.now()): number {
    const recent = this.#recent(client, now);
    return recent.length < this.maxFailures ? 0 : recent[0]! + this.windowMs - now;
  }

  /** Failures of this client within the window. */
  failures(client: string, now = Date.now()): number {
    return this.#recent(client, now).length;
  }

  recordFailure(client: string, now = Date.now()): void {
    if (this.#failures.size > 10_000) {
      for (const key of this.#failures.keys()) if (this.#recent(key, now).length === 0) this.#failures.delete(key);
    }
    this.#failures.set(client, [...this.#recent(client, now), now]);
  }

  #recent(client: string, now: number): number[] {
    return (this.#failures.get(client) ?? []).filter((at) => at > now - this.windowMs);
  }
}

export class AuthThrottle {
  readonly #byAddress: AuthFailureThrottle;
  readonly #byPrefix: AuthFailureThrottle;
  readonly #global: AuthFailureThrottle;
  readonly #knownGood = new Map<string, number>();
  readonly #options: Required<Omit<AuthThrottleOptions, 'onBurst'>> & Pick<AuthThrottleOptions, 'onBurst'>;

  constructor(options: AuthThrottleOptions = {}) {
    this.#options = { maxFailures: 10, windowMs: 60_000, globalMaxFailures: 1000, now: Date.now, ...options };
    const { maxFailures, windowMs, globalMaxFailures } = this.#options;
    this.#byAddress = new AuthFailureThrottle(maxFailures, windowMs);
    this.#byPrefix = new AuthFailureThrottle(maxFailures, windowMs);
    this.#global = new AuthFailureThrottle(globalMaxFailures, windowMs);
  }

  decide(address: string, token: string): ThrottleDecision {
    const now = this.#options.now();
    const client = clientKey(address);
    const prefix = prefixKey(token);
    const addressWait = this.#byAddress.retryAfterMs(client, now);
    const prefixWait = this.#byPrefix.retryAfterMs(prefix, now);
    const throttledMs = Math.max(addressWait, prefixWait);
    if (throttledMs === 0 || this.#knownGood.has(prefix)) return { lookUp: true, throttledMs };
    const globalOver = this.#global.retryAfterMs('all', now) > 0;
    return { lookUp: !(prefixWait > 0 || globalOver), throttledMs };
  }

  recordSuccess(token: string): void {
    const prefix = prefixKey(token);
    this.#knownGood.delete(prefix);
    this.#knownGood.set(prefix, this.#options.now());
    if (this.#knownGood.size > 10_000) this.#knownGood.delete(this.#knownGood.keys().next().value!);
  }

  recordFailure(address: string, token: string): void {
    const now = this.#options.now();
    const { maxFailures, globalMaxFailures, windowMs } = this.#options;
    const counters = [
      { kind: 'address' as const, key: clientKey(address), counter: this.#byAddress, limit: maxFailures },
      { kind: 'token_prefix' as const, key: prefixKey(token), counter: this.#byPrefix, limit: maxFailures },
      { kind: 'global' as const, key: 'all', counter: this.#global, limit: globalMaxFailures },
    ];
    for (const { kind, key, counter, limit } of counters) {
      counter.recordFailure(key, now);
      const failures = counter.failures(key, now);
      // Told once per burst: when the count reaches the limit.
      if (failures === limit) this.#options.onBurst?.({ kind, key: kind === 'global' ? null : key, failures, windowMs });
    }
  }
}
