import { randomUUID } from 'node:crypto';
import { newActorKeyPair, signWithActorKey } from '../../src-main/session/actor-key';
import { changeSigningText, type ChangeRequest } from '../../src-shared/protocol/changes';
import { type SessionResponse, sessionResponseSchema } from '../../src-shared/protocol/hub-api';

/** A person signed in over the hub's REST API with a session key, as the desk does (§2.2). */
export interface SignedInActor {
  session: SessionResponse;
  keys: { publicKey: string; privateKey: string };
  /** A change request signed by this session (fields may be overridden after signing, to forge one). */
  change(change: ChangeRequest['change'], options?: { madeAt?: string; actorId?: string; idempotencyKey?: string }): ChangeRequest;
}

export async function signInActor(hubUrl: string, workstationToken: string, username: string, password: string): Promise<SignedInActor> {
  const keys = newActorKeyPair();
  const res = await fetch(`${hubUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { authorization: `Bearer ${workstationToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, actorKey: keys.publicKey }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username}: HTTP ${res.status} ${await res.text()}`);
  const session = sessionResponseSchema.parse(await res.json());
  return {
    session,
    keys,
    change(change, options = {}) {
      const unsigned = {
        idempotencyKey: options.idempotencyKey ?? randomUUID(),
        actorId: options.actorId ?? session.user.id,
        madeAt: options.madeAt ?? new Date().toISOString(),
        change,
      };
      return { ...unsigned, actorKeyId: session.actorKeyId as string, signature: signWithActorKey(keys, changeSigningText(unsigned)) };
    },
  };
}

/** POST /api/v1/changes with a workstation's credential; status and body. */
export async function postChange(hubUrl: string, workstationToken: string, request: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${hubUrl}/api/v1/changes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${workstationToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  return { status: res.status, body: await res.json() };
}
