import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrolmentCode } from '../../hub/src/auth/enrolment';
import { hashPassword, verifyPassword } from '../../hub/src/auth/passwords';
import { addUser, MAX_FAILED_ATTEMPTS, resetPassword } from '../../hub/src/auth/users';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { enrolResponseSchema, sessionResponseSchema } from '../../src-shared/protocol/hub-api';
import { startTestHub, type TestHub } from '../support/hub';

const [ATHENS, THESSALONIKI] = DEMO_KEPS.map((k) => k.id) as [string, string];
const PASSWORD = 'correct horse battery';
let t: TestHub;

beforeAll(async () => {
  t = await startTestHub(['2026-11-30'], { limits: { authAttemptsBurst: 1000 } });
  await addUser(t.hub.store, { kepId: ATHENS, username: 'maria', displayName: 'Μαρία Παπαδοπούλου', role: 'employee', password: PASSWORD });
  await addUser(t.hub.store, { kepId: ATHENS, username: 'nikos', displayName: 'Νίκος Οικονόμου', role: 'supervisor', password: PASSWORD });
  await addUser(t.hub.store, { kepId: THESSALONIKI, username: 'eleni', displayName: 'Ελένη Μακρή', role: 'employee', password: PASSWORD });
});
afterAll(() => t.stop());

function post(path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(`${t.hub.url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

const signIn = (username: string, password: string, kep = ATHENS): Promise<Response> =>
  post('/auth/sign-in', { username, password }, t.tokens[kep]);

describe('passwords', () => {
  it('are stored with scrypt and a salt, and verified', async () => {
    const a = await hashPassword('Καλημέρα-2026');
    const b = await hashPassword('Καλημέρα-2026');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Καλημέρα-2026', a)).toBe(true);
    expect(await verifyPassword('καλημέρα-2026', a)).toBe(false);
  });
});

describe('workstation enrolment', () => {
  it('trades a one-time code for a credential of that KEP, once', async () => {
    const { code } = createEnrolmentCode(t.hub.store, THESSALONIKI);
    const res = await post('/enrol', { code: code.toLowerCase(), label: 'Γκισέ 3' });
    expect(res.status).toBe(200);
    const body = enrolResponseSchema.parse(await res.json());
    expect(body.kep.id).toBe(THESSALONIKI);
    const ws = await fetch(`${t.hub.url}/api/v1/workstation`, { headers: { authorization: `Bearer ${body.workstationToken}` } });
    expect(((await ws.json()) as { kep: { id: string } }).kep.id).toBe(THESSALONIKI);

    const again = await post('/enrol', { code, label: 'Γκισέ 4' });
    expect(again.status).toBe(401);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/already been used/);
  });

  it('refuses unknown and expired codes', async () => {
    expect((await post('/enrol', { code: 'AAAA-BBBB-CCCC', label: 'x' })).status).toBe(401);
    const { code } = createEnrolmentCode(t.hub.store, ATHENS, -1);
    const res = await post('/enrol', { code, label: 'x' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('expired');
    expect((await post('/enrol', { label: 'x' })).status).toBe(400);
  });
});

describe('employee sessions', () => {
  it('signs in an employee of the workstation’s KEP with their role', async () => {
    const res = await signIn('maria', PASSWORD);
    expect(res.status).toBe(200);
    const session = sessionResponseSchema.parse(await res.json());
    expect(session.user).toMatchObject({ username: 'maria', role: 'employee', displayName: 'Μαρία Παπαδοπούλου' });
    expect(new Date(session.accessExpiresAt).getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
  });

  it('refuses a wrong password, an unknown user and a user of another KEP alike', async () => {
    for (const [user, password, kep] of [['maria', 'wrong password!', ATHENS], ['nobody', PASSWORD, ATHENS], ['eleni', PASSWORD, ATHENS]] as const) {
      const res = await signIn(user, password, kep);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Wrong username or password.' } });
    }
    expect((await post('/auth/sign-in', { username: 'maria', password: PASSWORD })).status).toBe(401); // no workstation
  });

  it('locks an account after repeated failures, until IT resets the password', async () => {
    await addUser(t.hub.store, { kepId: ATHENS, username: 'kostas', displayName: 'Κώστας', role: 'employee', password: PASSWORD });
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) expect((await signIn('kostas', 'not the password')).status).toBe(401);
    const locked = await signIn('kostas', 'not the password');
    expect(locked.status).toBe(423);
    expect((await signIn('kostas', PASSWORD)).status).toBe(423); // even the right password
    await resetPassword(t.hub.store, 'kostas', 'a brand new password');
    expect((await signIn('kostas', 'a brand new password')).status).toBe(200);
  });

  it('rotates refresh tokens and ends every session when an old one is replayed', async () => {
    const first = sessionResponseSchema.parse(await (await signIn('nikos', PASSWORD)).json());
    const second = sessionResponseSchema.parse(await (await post('/auth/refresh', { refreshToken: first.refreshToken }, t.tokens[ATHENS])).json());
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const replay = await post('/auth/refresh', { refreshToken: first.refreshToken }, t.tokens[ATHENS]);
    expect(replay.status).toBe(401);
    expect((await post('/auth/refresh', { refreshToken: second.refreshToken }, t.tokens[ATHENS])).status).toBe(401);
  });

  it('signs out: the refresh token stops working, and other sessions of the user go on', async () => {
    const session = sessionResponseSchema.parse(await (await signIn('maria', PASSWORD)).json());
    const elsewhere = sessionResponseSchema.parse(await (await signIn('maria', PASSWORD)).json());
    expect((await post('/auth/sign-out', { refreshToken: session.refreshToken }, t.tokens[ATHENS])).status).toBe(200);
    expect((await post('/auth/refresh', { refreshToken: session.refreshToken }, t.tokens[ATHENS])).status).toBe(401);
    // A late request with a signed-out token is not taken for theft.
    expect((await post('/auth/refresh', { refreshToken: elsewhere.refreshToken }, t.tokens[ATHENS])).status).toBe(200);
  });

  it('refuses a refresh token at another workstation', async () => {
    const session = sessionResponseSchema.parse(await (await signIn('maria', PASSWORD)).json());
    const other = t.hub.store.addWorkstation(ATHENS, 'other desk').token;
    expect((await post('/auth/refresh', { refreshToken: session.refreshToken }, other)).status).toBe(401);
  });
});

describe('guessing', () => {
  it('is rate-limited per address', async () => {
    const strict = await startTestHub([], { limits: { authAttemptsBurst: 3, authAttemptsPerMinute: 1 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${strict.hub.url}/api/v1/enrol`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: `GUESS-${i}-XXXX`, label: 'x' }),
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await strict.stop();
    }
  });
});
