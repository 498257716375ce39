import { RateLimiter } from '../limits/rate-limiter';

/** Wrong passwords one workstation may try for one username: a burst, then one a minute. */
export const PER_NAME_AT_WORKSTATION = { burst: 5, perMinute: 1 };
/** Wrong passwords one workstation may try for all usernames together, so trying many names is slow too. */
export const PER_WORKSTATION = { burst: 10, perMinute: 2 };

/** One attempt let through; a right password hands it back, a wrong one keeps it spent. */
export interface SignInAttempt {
  succeeded(): void;
}

/**
 * Slows password guessing at its source, never by locking the account: a lock that five wrong
 * passwords set would let anyone with a workstation credential shut a colleague out, and its
 * different answer would tell which usernames exist. So the count is kept per workstation (and
 * per workstation and username), the same for names that exist and names that do not, and a
 * colleague at another desk signs in as usual while one desk is throttled. Kept in memory per
 * hub process, like the other limits.
 */
export class SignInThrottle {
  private readonly perName: RateLimiter;
  private readonly perWorkstation: RateLimiter;

  constructor(now: () => number = Date.now) {
    this.perName = new RateLimiter(PER_NAME_AT_WORKSTATION.burst, PER_NAME_AT_WORKSTATION.perMinute / 60, now);
    this.perWorkstation = new RateLimiter(PER_WORKSTATION.burst, PER_WORKSTATION.perMinute / 60, now);
  }

  /**
   * Takes an attempt before the password is checked, so that guesses sent in parallel cannot all
   * slip past while the first is still being hashed. Null when the workstation or the name at it
   * is out of attempts; nothing is taken then.
   */
  attempt(workstationId: string, username: string): SignInAttempt | null {
    // Usernames match case-insensitively: every spelling of one name shares its count.
    const name = `${workstationId}\n${username.toLowerCase()}`;
    if (!this.perWorkstation.take(workstationId)) return null;
    if (!this.perName.take(name)) {
      this.perWorkstation.giveBack(workstationId);
      return null;
    }
    return {
      succeeded: () => {
        this.perWorkstation.giveBack(workstationId);
        this.perName.forget(name);
      },
    };
  }
}
