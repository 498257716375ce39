import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signToken } from '../../hub/src/auth/signed-token';
import { isWholeJoinToken } from '../../hub/web/join-token';

const token = signToken({ typ: 'join', exp: 2_000_000_000, apt: 'apt-1', role: 'citizen', jti: 'b5f1c0de-0000-4000-8000-000000000001' }, randomBytes(32));

describe('the citizen page reads a join link', () => {
  it('takes a whole token as the hub signs it', () => {
    expect(isWholeJoinToken(token)).toBe(true);
  });

  it('knows a link cut anywhere is incomplete, before any device check', () => {
    for (let cut = 1; cut < token.length; cut += 1) expect(isWholeJoinToken(token.slice(0, cut)), `cut at ${cut}`).toBe(false);
  });

  it('does not take another kind of token, or text that is not one', () => {
    const access = signToken({ typ: 'access', exp: 2_000_000_000 }, randomBytes(32));
    expect(isWholeJoinToken(access)).toBe(false);
    expect(isWholeJoinToken(`${token}x`)).toBe(false);
    expect(isWholeJoinToken('not a token at all')).toBe(false);
  });
});
