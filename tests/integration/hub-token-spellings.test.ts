import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import { issueSession, verifyAccessToken } from '../../hub/src/auth/sessions';
import { addUser } from '../../hub/src/auth/users';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import type { Workstation } from '../../hub/src/store/hub-store';
import { bookAppointment } from '../support/booking';
import { startTestHub, type TestHub } from '../support/hub';

const KEP = DEMO_KEPS[0]!.id;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
let t: TestHub;

beforeAll(async () => {
  t = await startTestHub([]);
});
afterAll(() => t.stop());

/** Other spellings of the same bytes that a lenient base64 decoder would take. */
function respellings(token: string): string[] {
  const last = token.at(-1)!;
  return [token.replace(/-/g, '+').replace(/_/g, '/'), `${token}=`, token.slice(0, -1) + ALPHABET[ALPHABET.indexOf(last) ^ 1]!];
}

/** Issues tokens until one has a `-` or `_`, so that its standard-base64 spelling differs. */
function withUrlCharacters(issue: () => string): string {
  for (;;) {
    const token = issue();
    if (/[-_]/.test(token)) return token;
  }
}

const get = (path: string, token: string): Promise<Response> =>
  fetch(`${t.hub.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });

describe('a credential has one spelling', () => {
  it('a citizen’s link opens the inbox as issued, and in no other spelling', async () => {
    const appointment = bookAppointment(t.hub.store, KEP, -24 * 60, { status: 'completed', deliveryMethod: 'inbox' });
    const token = withUrlCharacters(() => issueJoinToken(t.hub.store, appointment.id, 'citizen').token);
    expect((await get('/inbox', token)).status).toBe(200);
    for (const spelling of respellings(token)) expect((await get('/inbox', spelling)).status, spelling).toBe(401);
  });

  it('an access token is taken as issued, and in no other spelling', async () => {
    const user = await addUser(t.hub.store, { kepId: KEP, username: 'spelling', displayName: 'Σ', role: 'employee', password: 'correct horse battery' });
    const { workstation } = t.hub.store.addWorkstation(KEP, 'spelling desk');
    const ws: Workstation = workstation;
    const token = withUrlCharacters(() => issueSession(t.hub.store, user, ws).accessToken);
    expect(verifyAccessToken(t.hub.store, token, ws)).not.toBeNull();
    for (const spelling of respellings(token)) expect(verifyAccessToken(t.hub.store, spelling, ws), spelling).toBeNull();
  });

  it('a workstation credential is looked up as it is, never decoded', async () => {
    const token = withUrlCharacters(() => t.hub.store.addWorkstation(KEP, 'desk').token);
    expect((await get('/workstation', token)).status).toBe(200);
    for (const spelling of respellings(token)) expect((await get('/workstation', spelling)).status, spelling).toBe(401);
  });
});
