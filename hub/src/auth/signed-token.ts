import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compact signed tokens (payload.signature, both base64url, HMAC-SHA256). Every token carries
 * a `typ` so an access token can never be used as a join link or the other way round. A token
 * has one spelling only: the one it was issued with.
 */
export type TokenClaims = {
  typ: string;
  /** Not before / expires, seconds since the epoch. */
  nbf?: number;
  exp: number;
};

export type VerifyResult<C> = { ok: true; claims: C } | { ok: false; reason: 'malformed' | 'signature' | 'type' | 'not_yet_valid' | 'expired' };

export function signToken<C extends TokenClaims>(claims: C, secret: Buffer): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createHmac('sha256', secret).update(payload).digest('base64url');
  return `${payload}.${signature}`;
}

/**
 * The bytes of `text` if it is exactly how `signToken` spells them: the base64url alphabet, no
 * padding, no stray bits in the last character. Node's decoder is lenient (it takes `+`, `/`,
 * `=` and ignores the unused low bits), so one token would otherwise have several spellings, and
 * anything that tells tokens apart by their text (a log, a deny list) would be fooled.
 */
function canonicalBase64url(text: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

export function verifyToken<C extends TokenClaims>(token: string, secret: Buffer, typ: string, now = Date.now()): VerifyResult<C> {
  const parts = token.split('.');
  if (parts.length !== 2) return { ok: false, reason: 'malformed' };
  const [payload, signature] = parts as [string, string];
  const json = canonicalBase64url(payload);
  const given = canonicalBase64url(signature);
  if (!json || !given) return { ok: false, reason: 'malformed' };
  const expected = createHmac('sha256', secret).update(payload).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  let claims: C;
  try {
    claims = JSON.parse(json.toString('utf8')) as C;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (claims.typ !== typ) return { ok: false, reason: 'type' };
  const late = timeProblem(claims, now);
  return late ? { ok: false, reason: late } : { ok: true, claims };
}

/** Why a token's time window (`nbf`, `exp`) does not hold at `now`, or null when it does. */
export function timeProblem(claims: Pick<TokenClaims, 'nbf' | 'exp'>, now = Date.now()): 'not_yet_valid' | 'expired' | null {
  const seconds = Math.floor(now / 1000);
  if (typeof claims.nbf === 'number' && seconds < claims.nbf) return 'not_yet_valid';
  if (typeof claims.exp !== 'number' || seconds >= claims.exp) return 'expired';
  return null;
}
