import { createPublicKey, randomUUID, verify } from 'node:crypto';
import { changeSigningText, type ChangeRequest } from '../../../src-shared/protocol/changes';
import type { HubStore } from '../store/hub-store';

/** A desk's clock may run a little off; a change dated this far outside its session is not believed. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Keeps the public half of a session's signing key. The private half never leaves the desk's
 * main process, so a change signed with it was made in that person's session at that desk.
 */
export function registerActorKey(store: HubStore, userId: string, workstationId: string, publicKey: string, validUntil: string): string {
  const id = randomUUID();
  store.actorKeys.insert(id, {
    user_id: userId,
    workstation_id: workstationId,
    public_key: publicKey,
    created_at: new Date().toISOString(),
    valid_until: validUntil,
  });
  return id;
}

/** A refreshed session goes on signing with the same key, until its new horizon. */
export function extendActorKey(store: HubStore, keyId: string, validUntil: string): void {
  store.actorKeys.extend(keyId, validUntil);
}

/**
 * Ends keys: what was signed before still counts (a desk may deliver it after sign-out), nothing
 * dated later does.
 */
export function endActorKeys(store: HubStore, where: { keyId: string } | { userId: string }): void {
  const now = new Date().toISOString();
  if ('keyId' in where) store.actorKeys.end(where.keyId, now);
  else store.actorKeys.endAllOfUser(where.userId, now);
}

/**
 * Why a change's proof of its actor does not hold, or null when it does: the key must be the
 * actor's, issued at this workstation, alive when the change says it was made, and the
 * signature must cover exactly this change.
 */
export function actorProofRefusal(store: HubStore, workstationId: string, request: ChangeRequest): string | null {
  const key = store.actorKeys.get(request.actorKeyId);
  if (!key || key.workstation_id !== workstationId || key.user_id !== request.actorId) {
    return 'The change is not signed by its author’s session at this workstation.';
  }
  const madeAt = new Date(request.madeAt).getTime();
  const end = new Date(key.ended_at ?? key.valid_until).getTime();
  if (madeAt < new Date(key.created_at).getTime() - CLOCK_SKEW_MS || madeAt > end + CLOCK_SKEW_MS) {
    return 'The change is dated outside its author’s session at this workstation.';
  }
  return signatureHolds(key.public_key, request) ? null : 'The change’s signature does not match it.';
}

function signatureHolds(publicKeyX: string, request: ChangeRequest): boolean {
  try {
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKeyX }, format: 'jwk' });
    return verify(null, Buffer.from(changeSigningText(request)), publicKey, Buffer.from(request.signature, 'base64url'));
  } catch {
    // A malformed stored key or signature is a proof that does not hold, not a hub failure.
    return false;
  }
}
