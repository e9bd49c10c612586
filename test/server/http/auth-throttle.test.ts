import { expect } from 'chai';
import { AuthFailureThrottle } from '../../../server/http/auth.ts';
import { AuthThrottle, clientKey, type AuthBurst } from '../../../server/http/auth-throttle.ts';

describe('AuthFailureThrottle', () => {
  it('blocks an address at the limit and lets it try again once the window has passed', () => {
    const throttle = new AuthFailureThrottle(3, 60_000);
    for (const at of [0, 10_000, 20_000]) throttle.recordFailure('10.0.0.1', at);

    expect(throttle.retryAfterMs('10.0.0.1', 30_000)).to.equal(30_000);
    expect(throttle.retryAfterMs('10.0.0.2', 30_000)).to.equal(0);
    expect(throttle.retryAfterMs('10.0.0.1', 60_001)).to.equal(0);
  });
});

describe('AuthThrottle', () => {
  const clock = { now: 0 };
  const bursts: AuthBurst[] = [];
  const throttle = (globalMaxFailures = 1000) =>
    new AuthThrottle({ maxFailures: 3, windowMs: 60_000, globalMaxFailures, now: () => clock.now, onBurst: (burst) => bursts.push(burst) });
  beforeEach(() => {
    clock.now = 0;
    bursts.length = 0;
  });
  const guess = (index: number) => `ptc_guess${String(index).padStart(7, '0')}rest`;

  it('still looks up the tokens of a throttled address, so a valid one behind the same NAT gets in', () => {
    const limits = throttle();
    for (let i = 0; i < 3; i += 1) limits.recordFailure('198.51.100.7', guess(i));

    const decision = limits.decide('198.51.100.7', 'ptc_validtokenfromacolleague');

    expect(decision.lookUp).to.equal(true);
    expect(decision.throttledMs).to.be.greaterThan(0);
    expect(bursts).to.deep.include({ kind: 'address', key: '198.51.100.7', failures: 3, windowMs: 60_000 });
  });

  it('counts an IPv6 client by its /64, so rotating addresses within it does not escape', () => {
    const limits = throttle();
    for (let i = 0; i < 3; i += 1) limits.recordFailure(`2001:db8:1:2::${i + 1}`, guess(i));

    expect(clientKey('2001:db8:1:2:aaaa::1')).to.equal('2001:db8:1:2::/64');
    expect(clientKey('::ffff:203.0.113.9')).to.equal('203.0.113.9');
    expect(limits.decide('2001:db8:1:2:ffff:ffff:ffff:fffe', guess(9)).throttledMs).to.be.greaterThan(0);
    expect(limits.decide('2001:db8:1:3::1', guess(9)).throttledMs).to.equal(0);
  });

  it('refuses a token prefix guessed at from many addresses without looking it up, but not a prefix that authenticated before', () => {
    const limits = throttle();
    const known = 'ptc_knownprefix0-the-rest';
    limits.recordSuccess(known);
    for (let i = 0; i < 3; i += 1) {
      limits.recordFailure(`203.0.113.${i}`, `ptc_attacked0000-${i}`);
      limits.recordFailure(`203.0.113.${i}`, `ptc_knownprefix0-${i}`);
    }

    expect(limits.decide('192.0.2.1', 'ptc_attacked0000-x')).to.deep.include({ lookUp: false });
    expect(limits.decide('192.0.2.1', known)).to.deep.include({ lookUp: true });
    expect(bursts.filter((burst) => burst.kind === 'token_prefix')).to.have.length(2);
  });

  it('warns once past the global ceiling, then refuses unknown tokens of throttled clients unread', () => {
    const limits = throttle(5);
    for (let i = 0; i < 6; i += 1) limits.recordFailure(i < 3 ? '198.51.100.1' : `198.51.100.${i}`, guess(i));

    expect(bursts.filter((burst) => burst.kind === 'global')).to.deep.equal([{ kind: 'global', key: null, failures: 5, windowMs: 60_000 }]);
    expect(limits.decide('198.51.100.1', guess(20))).to.deep.include({ lookUp: false });
    expect(limits.decide('198.51.100.200', guess(21))).to.deep.include({ lookUp: true, throttledMs: 0 });
    clock.now = 60_001;
    expect(limits.decide('198.51.100.1', guess(20))).to.deep.include({ lookUp: true, throttledMs: 0 });
  });
});
