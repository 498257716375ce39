import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueJoinToken, revokeJoinLink } from '../../hub/src/auth/join-links';
import { type HandshakeProof, identify, recheckIdentity, type SocketIdentity } from '../../hub/src/realtime/socket-identity';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { bookAppointment } from '../support/booking';
import { startTestHub, type TestHub } from '../support/hub';
import { accessTokenFor, connectSocket, type HubSocket } from '../support/sockets';

const [ATHENS] = DEMO_KEPS.map((k) => k.id) as [string];
let t: TestHub;
const open: HubSocket[] = [];

beforeAll(async () => {
  t = await startTestHub([], { limits: { connectionsBurst: 1000 } }, 200);
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
afterAll(() => t.stop());

const linkIdOf = (token: string): string => (JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()) as { jti: string }).jti;

/** A handshake as the hub checks it: the identity and what is kept to check it again. */
function identified(auth: Record<string, unknown>): { identity: SocketIdentity; proof: HandshakeProof } {
  const result = identify(t.hub.store, auth);
  if (!result.ok) throw new Error(result.reason);
  return result;
}

describe('the periodic re-check of a connected socket (§5.1a)', () => {
  it('keeps no token of a connected socket: the handshake is checked, then its tokens dropped', async () => {
    const workstationToken = t.tokens[ATHENS] as string;
    const accessToken = await accessTokenFor(t.hub.store, workstationToken);
    const apt = bookAppointment(t.hub.store, ATHENS, 5);
    const { token: joinToken } = issueJoinToken(t.hub.store, apt.id, 'citizen');
    open.push(await connectSocket(t.hub.url, { kind: 'workstation', workstationToken, accessToken }));
    open.push(await connectSocket(t.hub.url, { kind: 'participant', joinToken }));
    const kept = [...t.hub.io.sockets.sockets.values()].map((s) => JSON.stringify(s.handshake.auth));
    expect(kept.length).toBeGreaterThanOrEqual(2);
    for (const text of kept) for (const secret of [workstationToken, accessToken, joinToken]) expect(text).not.toContain(secret);
  });

  it("ends a desk's socket when its access token expires, to the second, as the handshake would", async () => {
    const workstationToken = t.tokens[ATHENS] as string;
    const { identity, proof } = identified({ kind: 'workstation', workstationToken, accessToken: await accessTokenFor(t.hub.store, workstationToken) });
    expect(recheckIdentity(t.hub.store, identity, proof)).toBeNull();
    expect(recheckIdentity(t.hub.store, identity, proof, proof.exp * 1000 - 1)).toBeNull();
    expect(recheckIdentity(t.hub.store, identity, proof, proof.exp * 1000)).toBe('no valid employee session');
    // A credential that no longer finds its workstation ends the socket too.
    expect(recheckIdentity(t.hub.store, identity, { ...proof, workstationToken: 'w'.repeat(43) })).toBe('unknown workstation');
  });

  it("ends a participant's socket for exactly the reasons its link would now be refused at a handshake", async () => {
    const apt = bookAppointment(t.hub.store, ATHENS, 5);
    const revoked = issueJoinToken(t.hub.store, apt.id, 'citizen').token;
    const cancelledApt = bookAppointment(t.hub.store, ATHENS, 5);
    const cancelled = issueJoinToken(t.hub.store, cancelledApt.id, 'interpreter').token;
    const kept = identified({ kind: 'participant', joinToken: issueJoinToken(t.hub.store, apt.id, 'interpreter').token });
    const checks = [revoked, cancelled].map((joinToken) => identified({ kind: 'participant', joinToken }));
    for (const { identity, proof } of [kept, ...checks]) expect(recheckIdentity(t.hub.store, identity, proof)).toBeNull();

    revokeJoinLink(t.hub.store, linkIdOf(revoked), apt.id);
    t.hub.store.setAppointmentStatus(cancelledApt.id, 'cancelled');
    const [afterRevoke, afterCancel] = checks.map(({ identity, proof }) => recheckIdentity(t.hub.store, identity, proof));
    expect(afterRevoke).toBe('join link revoked');
    expect(afterCancel).toBe('join link cancelled');
    // The same words a new handshake with those links gets.
    expect(identify(t.hub.store, { kind: 'participant', joinToken: revoked })).toEqual({ ok: false, reason: afterRevoke });
    expect(identify(t.hub.store, { kind: 'participant', joinToken: cancelled })).toEqual({ ok: false, reason: afterCancel });

    // The window of the booking, read now: closed before it opens and after it closes, and past the token's exp.
    const { identity, proof } = kept;
    const startsAt = Date.parse(apt.startsAt);
    expect(recheckIdentity(t.hub.store, identity, proof, startsAt - 16 * 60_000)).toBe('join link not_yet_valid');
    expect(recheckIdentity(t.hub.store, identity, proof, Date.parse(apt.endsAt) + 31 * 60_000)).toBe('join link expired');
    expect(recheckIdentity(t.hub.store, identity, proof, proof.exp * 1000)).toBe('join link expired');
    expect(recheckIdentity(t.hub.store, identity, proof, startsAt)).toBeNull();
  });
});
