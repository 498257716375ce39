import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrolmentCode } from '../../hub/src/auth/enrolment';
import { hashPassword, verifyPassword } from '../../hub/src/auth/passwords';
import { PER_NAME_AT_WORKSTATION, PER_WORKSTATION } from '../../hub/src/auth/sign-in-throttle';
import { addUser, resetPassword } from '../../hub/src/auth/users';
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

const signIn = (username: string, password: string, kep = ATHENS, workstationToken = t.tokens[kep]): Promise<Response> =>
  post('/auth/sign-in', { username, password }, workstationToken);

/** Status and body of each of `count` sign-ins with a wrong password, one after the other. */
async function wrongPasswords(username: string, count: number, workstationToken: string): Promise<Array<{ status: number; body: unknown }>> {
  const answers = [];
  for (let i = 0; i < count; i++) {
    const res = await signIn(username, 'not the password', ATHENS, workstationToken);
    answers.push({ status: res.status, body: await res.json() });
  }
  return answers;
}

const WRONG = { status: 401, body: { error: { code: 'unauthorized', message: 'Wrong username or password.' } } };
const TOO_MANY = { status: 429, body: { error: { code: 'rate_limited', message: 'Too many attempts; wait a minute and try again.' } } };

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
    for (const [user, password, kep] of [
      ['maria', 'wrong password!', ATHENS],
      ['nobody', PASSWORD, ATHENS],
      ['eleni', PASSWORD, ATHENS],
    ] as const) {
      const res = await signIn(user, password, kep);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Wrong username or password.' } });
    }
    expect((await post('/auth/sign-in', { username: 'maria', password: PASSWORD })).status).toBe(401); // no workstation
  });

  it('slows repeated wrong passwords at their workstation without locking the account, alike for real and unknown names', async () => {
    await addUser(t.hub.store, { kepId: ATHENS, username: 'kostas', displayName: 'Κώστας', role: 'employee', password: PASSWORD });
    const hammering = t.hub.store.addWorkstation(ATHENS, 'hammering desk').token;
    const tries = PER_NAME_AT_WORKSTATION.burst + 2;
    const real = await wrongPasswords('kostas', tries, hammering);
    expect(real).toEqual([...Array<typeof WRONG>(PER_NAME_AT_WORKSTATION.burst).fill(WRONG), TOO_MANY, TOO_MANY]);
    // A name nobody has gets exactly the same answers, so the throttle tells nothing about who exists.
    expect(await wrongPasswords('nobody-at-all', tries, hammering)).toEqual(real);
    // The hammering desk waits, even with the right password…
    expect((await signIn('kostas', PASSWORD, ATHENS, hammering)).status).toBe(429);
    // …but the account is not locked: Kostas signs in at his own desk as usual.
    expect((await signIn('kostas', PASSWORD)).status).toBe(200);
    const row = t.hub.store.db
      .prepare<[string], { failed_attempts: number; locked_until: string | null }>('SELECT failed_attempts, locked_until FROM users WHERE username = ?')
      .get('kostas');
    expect(row).toEqual({ failed_attempts: 0, locked_until: null });
    // A password reset still works as before (and has nothing to unlock).
    await resetPassword(t.hub.store, 'kostas', 'a brand new password');
    expect((await signIn('kostas', 'a brand new password')).status).toBe(200);
  });

  it('slows a workstation that tries many names, and counts only wrong passwords', async () => {
    const desk = t.hub.store.addWorkstation(ATHENS, 'name-trying desk').token;
    // Right passwords take nothing from the workstation's allowance.
    for (let i = 0; i < PER_WORKSTATION.burst + 2; i++) expect((await signIn('nikos', PASSWORD, ATHENS, desk)).status).toBe(200);
    const answers = [];
    for (let i = 0; i < PER_WORKSTATION.burst + 1; i++) answers.push((await wrongPasswords(`guess-${i}`, 1, desk))[0]);
    expect(answers).toEqual([...Array<typeof WRONG>(PER_WORKSTATION.burst).fill(WRONG), TOO_MANY]);
    expect((await signIn('maria', PASSWORD, ATHENS, desk)).status).toBe(429);
    expect((await signIn('maria', PASSWORD)).status).toBe(200);
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
