import { describe, expect, it } from 'vitest';
import { PER_NAME_AT_WORKSTATION, PER_WORKSTATION, SignInThrottle } from '../../hub/src/auth/sign-in-throttle';
import { RateLimiter } from '../../hub/src/limits/rate-limiter';

/** Spends `count` attempts as wrong passwords; how many were let through. */
const fail = (throttle: SignInThrottle, workstation: string, name: string, count: number): number =>
  Array.from({ length: count }, () => throttle.attempt(workstation, name)).filter((a) => a !== null).length;

describe('sign-in throttle', () => {
  it('lets a burst of wrong passwords per name at a workstation through, then one a minute', () => {
    let now = 0;
    const throttle = new SignInThrottle(() => now);
    expect(fail(throttle, 'ws-1', 'kostas', PER_NAME_AT_WORKSTATION.burst + 1)).toBe(PER_NAME_AT_WORKSTATION.burst);
    // Another spelling of the same name shares its count; another workstation does not.
    expect(throttle.attempt('ws-1', 'KOSTAS')).toBeNull();
    expect(throttle.attempt('ws-2', 'kostas')).not.toBeNull();
    now = 60_000 / PER_NAME_AT_WORKSTATION.perMinute;
    expect(fail(throttle, 'ws-1', 'kostas', 2)).toBe(1);
  });

  it('caps a workstation over all the names it tries', () => {
    const throttle = new SignInThrottle(() => 0);
    const through = Array.from({ length: PER_WORKSTATION.burst + 1 }, (_, i) => throttle.attempt('ws-1', `name-${i}`)).filter(Boolean).length;
    expect(through).toBe(PER_WORKSTATION.burst);
    expect(throttle.attempt('ws-1', 'someone-new')).toBeNull();
  });

  it('takes an attempt before the password is checked, and a right password gives it back', () => {
    const throttle = new SignInThrottle(() => 0);
    // Guesses in flight at once are counted before any of them is answered.
    const inFlight = Array.from({ length: PER_NAME_AT_WORKSTATION.burst + 3 }, () => throttle.attempt('ws-1', 'maria'));
    expect(inFlight.filter(Boolean)).toHaveLength(PER_NAME_AT_WORKSTATION.burst);
    inFlight[0]!.succeeded();
    // The name's count starts over after a right password; the workstation got one attempt back.
    expect(fail(throttle, 'ws-1', 'maria', 1)).toBe(1);
    expect(fail(throttle, 'ws-1', 'nikos', PER_WORKSTATION.burst)).toBe(PER_WORKSTATION.burst - PER_NAME_AT_WORKSTATION.burst);
  });

  it('does not count a refusal by the name against the workstation', () => {
    const throttle = new SignInThrottle(() => 0);
    fail(throttle, 'ws-1', 'kostas', PER_NAME_AT_WORKSTATION.burst + 20);
    expect(fail(throttle, 'ws-1', 'maria', PER_WORKSTATION.burst)).toBe(PER_WORKSTATION.burst - PER_NAME_AT_WORKSTATION.burst);
  });
});

describe('rate limiter giveBack', () => {
  it('returns one token, never beyond the burst', () => {
    const limiter = new RateLimiter(2, 0, () => 0);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, false]);
    limiter.giveBack('a');
    expect(limiter.take('a')).toBe(true);
    limiter.giveBack('a');
    limiter.giveBack('a');
    limiter.giveBack('a');
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, false]);
  });
});
