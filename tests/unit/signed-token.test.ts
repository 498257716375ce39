import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from '../../hub/src/auth/signed-token';

const SECRET = randomBytes(32);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A token whose signature has a `-` or `_`, so that it has a standard-base64 spelling too. */
function tokenWithUrlCharacters(): string {
  for (let i = 0; ; i++) {
    const token = signToken({ typ: 'join', exp: 4_000_000_000, n: i }, SECRET);
    if (/[-_]/.test(token.split('.')[1]!)) return token;
  }
}

/** The same text with the last character's lowest bit flipped (a bit base64url leaves unused here). */
const flipLastBit = (text: string): string => text.slice(0, -1) + ALPHABET[ALPHABET.indexOf(text.at(-1)!) ^ 1]!;

describe('signed tokens', () => {
  it('accept the spelling they were issued with', () => {
    const token = tokenWithUrlCharacters();
    expect(verifyToken(token, SECRET, 'join')).toMatchObject({ ok: true, claims: { typ: 'join' } });
  });

  it('refuse every other spelling of the same bytes', () => {
    const token = tokenWithUrlCharacters();
    const [payload, signature] = token.split('.') as [string, string];
    // 32 signature bytes take 43 characters: the last one carries 2 unused bits.
    expect(signature).toHaveLength(43);
    expect(Buffer.from(flipLastBit(signature), 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    const spellings = [
      `${payload}.${signature.replace(/-/g, '+').replace(/_/g, '/')}`,
      `${payload}.${signature}=`,
      `${payload}.${signature}==`,
      `${payload}.${flipLastBit(signature)}`,
      `${payload}=.${signature}`,
      `${payload}.${signature.slice(0, 20)} ${signature.slice(20)}`,
      `${payload}.${signature}\n`,
      ` ${token}`,
    ];
    for (const spelling of spellings) expect(verifyToken(spelling, SECRET, 'join'), spelling).toEqual({ ok: false, reason: 'malformed' });
  });

  it('still tell a forged signature from a malformed token', () => {
    const [payload, signature] = tokenWithUrlCharacters().split('.') as [string, string];
    const other = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    expect(verifyToken(`${payload}.${other}`, SECRET, 'join')).toEqual({ ok: false, reason: 'signature' });
    expect(verifyToken(`${payload}.`, SECRET, 'join')).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyToken(`${payload}.${signature}.x`, SECRET, 'join')).toEqual({ ok: false, reason: 'malformed' });
  });
});
