import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../hub/src/limits/client-address';
import { RateLimiter } from '../../hub/src/limits/rate-limiter';

describe('rate limiter', () => {
  it('allows a burst, then refills at its rate, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 2, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true); // other keys are unaffected
    now = 499;
    expect(limiter.take('a')).toBe(false);
    now = 500; // half a second at 2/s: one token back
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
    now = 60_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]); // never more than the burst
  });
});

describe('client address', () => {
  it('uses the connection unless told to trust a proxy', () => {
    const headers = { 'x-forwarded-for': '203.0.113.7, 10.0.0.2' };
    expect(clientAddress(headers, '127.0.0.1', false)).toBe('127.0.0.1');
    expect(clientAddress(headers, '127.0.0.1', true)).toBe('203.0.113.7');
    expect(clientAddress({}, '127.0.0.1', true)).toBe('127.0.0.1');
  });
});
