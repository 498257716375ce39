import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { z } from 'zod';

/**
 * A signing key made for one session at this desk. The hub keeps its public half from the
 * sign-in on, and takes a change as this person's only with their signature on it: a
 * workstation credential alone can no longer act as anyone of its KEP.
 */
export const actorKeySchema = z.object({ id: z.uuid(), publicKey: z.string(), privateKey: z.string() });
export type ActorKey = z.infer<typeof actorKeySchema>;

/** A fresh Ed25519 pair, both halves as base64url (JWK `x` and `d`). */
export function newActorKeyPair(): { publicKey: string; privateKey: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return { publicKey: String(jwk.x), privateKey: String(jwk.d) };
}

export function signWithActorKey(key: Pick<ActorKey, 'publicKey' | 'privateKey'>, text: string): string {
  const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey, d: key.privateKey }, format: 'jwk' });
  return sign(null, Buffer.from(text), privateKey).toString('base64url');
}
