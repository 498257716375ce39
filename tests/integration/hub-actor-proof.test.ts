import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, resetPassword } from '../../hub/src/auth/users';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { sessionResponseSchema } from '../../src-shared/protocol/hub-api';
import { postChange, signInActor } from '../support/actor';
import { bookAppointment } from '../support/booking';
import { startTestHub, type TestHub } from '../support/hub';

const KEP = DEMO_KEPS[0]!.id;
const PASSWORD = 'correct horse battery';
let t: TestHub;
let desk: string;
let otherDesk: string;

beforeAll(async () => {
  t = await startTestHub(['2026-11-30'], { limits: { authAttemptsBurst: 1000 } });
  desk = t.tokens[KEP] as string;
  otherDesk = t.hub.store.addWorkstation(KEP, 'second desk').token;
  for (const [username, role] of [
    ['maria', 'employee'],
    ['nikos', 'supervisor'],
    ['tech', 'it-admin'],
  ] as const) {
    await addUser(t.hub.store, { kepId: KEP, username, displayName: username, role, password: PASSWORD });
  }
});
afterAll(() => t.stop());

const status = (id: string): string | undefined => t.hub.store.getAppointment(id)?.status;

async function rest(path: string, body: unknown, token = desk): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${t.hub.url}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('proof of the actor of a change', () => {
  it('refuses a change that names the supervisor from a desk where only IT is signed in', async () => {
    const apt = bookAppointment(t.hub.store, KEP, 60);
    const tech = await signInActor(t.hub.url, desk, 'tech', PASSWORD);
    const nikosId = (t.hub.store.listStaff(KEP).find((s) => s.displayName === 'nikos') as { id: string }).id;
    // IT signs with its own key but names the supervisor: the key is not the supervisor's.
    const forged = tech.change({ kind: 'booking.cancel', appointmentId: apt.id, reason: 'forged by IT' }, { actorId: nikosId });
    expect((await postChange(t.hub.url, desk, forged)).body).toEqual({
      applied: false,
      duplicate: false,
      reason: 'The change is not signed by its author’s session at this workstation.',
    });
    expect(status(apt.id)).toBe('booked');
    // Unsigned, as before this version: refused as malformed, nothing applied.
    const { actorKeyId: _k, signature: _s, ...unsigned } = forged;
    expect((await postChange(t.hub.url, desk, { ...unsigned, idempotencyKey: crypto.randomUUID() })).status).toBe(400);
    expect(status(apt.id)).toBe('booked');
  });

  it('applies a change signed by the supervisor’s session, and refuses it altered, elsewhere or reused', async () => {
    const apt = bookAppointment(t.hub.store, KEP, 60);
    const nikos = await signInActor(t.hub.url, desk, 'nikos', PASSWORD);
    const cancel = nikos.change({ kind: 'booking.cancel', appointmentId: apt.id, reason: 'ο πολίτης ακύρωσε' });
    // The same signature over another change (the reason edited on the way) does not hold.
    const altered = { ...cancel, change: { ...cancel.change, reason: 'something else' } };
    expect((await postChange(t.hub.url, desk, altered)).body).toMatchObject({ applied: false, reason: 'The change’s signature does not match it.' });
    // A signature and key id carried to another workstation of the same KEP do not hold there.
    expect((await postChange(t.hub.url, otherDesk, { ...cancel, idempotencyKey: crypto.randomUUID() })).body).toMatchObject({
      applied: false,
      reason: expect.stringMatching(/not signed by its author/),
    });
    // A new idempotency key on a signed change is a different change: its signature does not cover it.
    expect((await postChange(t.hub.url, desk, { ...cancel, idempotencyKey: crypto.randomUUID() })).body).toMatchObject({
      applied: false,
      reason: 'The change’s signature does not match it.',
    });
    expect(status(apt.id)).toBe('booked');
    expect((await postChange(t.hub.url, desk, cancel)).body).toEqual({ applied: true, duplicate: false, reason: null });
    expect(status(apt.id)).toBe('cancelled');
  });

  it('still takes what a session signed before sign-out, and nothing dated after it', async () => {
    const apt = bookAppointment(t.hub.store, KEP, 60);
    const maria = await signInActor(t.hub.url, desk, 'maria', PASSWORD);
    const before = maria.change({ kind: 'work.notes', appointmentId: apt.id, notes: 'γράφτηκε πριν την αποσύνδεση' });
    expect((await rest('/auth/sign-out', { refreshToken: maria.session.refreshToken })).status).toBe(200);
    expect((await postChange(t.hub.url, desk, before)).body).toEqual({ applied: true, duplicate: false, reason: null });
    // Dated after the session ended, beyond the clock skew a desk is allowed: the ended key does not cover it.
    const after = maria.change({ kind: 'work.notes', appointmentId: apt.id, notes: 'after' }, { madeAt: new Date(Date.now() + 6 * 60_000).toISOString() });
    expect((await postChange(t.hub.url, desk, after)).body).toMatchObject({
      applied: false,
      reason: 'The change is dated outside its author’s session at this workstation.',
    });
    expect(t.hub.store.getWork([apt.id])[0]?.notes).toBe('γράφτηκε πριν την αποσύνδεση');
  });

  it('ends the account’s session keys on reset-password: a stolen key signs nothing dated after it', async () => {
    await addUser(t.hub.store, { kepId: KEP, username: 'eleni', displayName: 'eleni', role: 'employee', password: PASSWORD });
    const apt = bookAppointment(t.hub.store, KEP, 60);
    const eleni = await signInActor(t.hub.url, desk, 'eleni', PASSWORD);
    const before = eleni.change({ kind: 'work.notes', appointmentId: apt.id, notes: 'before the reset' });
    await resetPassword(t.hub.store, 'eleni', 'a brand new password');
    const after = eleni.change(
      { kind: 'work.notes', appointmentId: apt.id, notes: 'after the reset' },
      { madeAt: new Date(Date.now() + 6 * 60_000).toISOString() },
    );
    expect((await postChange(t.hub.url, desk, after)).body).toMatchObject({
      applied: false,
      reason: 'The change is dated outside its author’s session at this workstation.',
    });
    // What the desk queued before the reset is the employee's own work: still delivered.
    expect((await postChange(t.hub.url, desk, before)).body).toEqual({ applied: true, duplicate: false, reason: null });
  });
});

describe('refresh token rotation across a crash', () => {
  it('answers a repeated refresh that names the same unused successor, without ending any session', async () => {
    const maria = await signInActor(t.hub.url, desk, 'maria', PASSWORD);
    const next = randomBytes(32).toString('base64url');
    const first = await rest('/auth/refresh', { refreshToken: maria.session.refreshToken, nextRefreshToken: next });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).toBe(next);
    // The desk died before storing the answer: it asks again, with what it had stored.
    const again = await rest('/auth/refresh', { refreshToken: maria.session.refreshToken, nextRefreshToken: next });
    expect(again.status).toBe(200);
    const session = sessionResponseSchema.parse(again.body);
    expect(session.refreshToken).toBe(next);
    expect(session.actorKeyId).toBe(maria.session.actorKeyId);
    expect(session.accessToken).not.toBe(first.body.accessToken);
    // The successor works, and the session goes on signing with its key.
    const then = await rest('/auth/refresh', { refreshToken: next, nextRefreshToken: randomBytes(32).toString('base64url') });
    expect(then.status).toBe(200);
    const apt = bookAppointment(t.hub.store, KEP, 60);
    expect((await postChange(t.hub.url, desk, maria.change({ kind: 'work.prepare', appointmentId: apt.id, prepared: true }))).body).toMatchObject({
      applied: true,
    });
  });

  it('still takes a rotated token presented again as theft, whatever successor it names', async () => {
    for (const replay of ['other successor', 'none', 'after the successor was used'] as const) {
      const nikos = await signInActor(t.hub.url, desk, 'nikos', PASSWORD);
      const elsewhere = await signInActor(t.hub.url, otherDesk, 'nikos', PASSWORD);
      const next = randomBytes(32).toString('base64url');
      expect((await rest('/auth/refresh', { refreshToken: nikos.session.refreshToken, nextRefreshToken: next })).status).toBe(200);
      if (replay === 'after the successor was used') {
        expect((await rest('/auth/refresh', { refreshToken: next, nextRefreshToken: randomBytes(32).toString('base64url') })).status).toBe(200);
      }
      const body =
        replay === 'none'
          ? { refreshToken: nikos.session.refreshToken }
          : { refreshToken: nikos.session.refreshToken, nextRefreshToken: replay === 'other successor' ? randomBytes(32).toString('base64url') : next };
      expect(await rest('/auth/refresh', body)).toMatchObject({ status: 401, body: { error: { message: 'The session was ended; sign in again.' } } });
      // Every session of that user ended, at every desk, and their keys with them.
      expect((await rest('/auth/refresh', { refreshToken: elsewhere.session.refreshToken }, otherDesk)).status).toBe(401);
      const apt = bookAppointment(t.hub.store, KEP, 60);
      const late = elsewhere.change({ kind: 'work.notes', appointmentId: apt.id, notes: 'x' }, { madeAt: new Date(Date.now() + 6 * 60_000).toISOString() });
      expect((await postChange(t.hub.url, otherDesk, late)).body, replay).toMatchObject({ applied: false });
    }
  });
});
