import { expect } from 'chai';
import { AuthFailureThrottle } from '../../../server/http/auth.ts';

describe('AuthFailureThrottle', () => {
  it('blocks an address at the limit and lets it try again once the window has passed', () => {
    const throttle = new AuthFailureThrottle(3, 60_000);
    for (const at of [0, 10_000, 20_000]) throttle.recordFailure('10.0.0.1', at);

    expect(throttle.retryAfterMs('10.0.0.1', 30_000)).to.equal(30_000);
    expect(throttle.retryAfterMs('10.0.0.2', 30_000)).to.equal(0);
    expect(throttle.retryAfterMs('10.0.0.1', 60_001)).to.equal(0);
  });
});
