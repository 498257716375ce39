import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnrolmentCode } from '../../hub/src/auth/enrolment';
import { addUser } from '../../hub/src/auth/users';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import type { Result } from '../../src-shared/errors';
import { bookAppointment } from '../support/booking';
import { startTestHub, type TestHub } from '../support/hub';
import { makeTempDir } from '../support/temp-dir';

const KEP = DEMO_KEPS[0]!.id;
const PASSWORD = 'a long enough password';
let hub: TestHub;
let dataDir: ReturnType<typeof makeTempDir>;
let app: KepApp;

beforeEach(async () => {
  hub = await startTestHub([]);
  await addUser(hub.hub.store, { kepId: KEP, username: 'maria', displayName: 'Μαρία Παπαδοπούλου', role: 'employee', password: PASSWORD });
  dataDir = makeTempDir();
  app = createApp({ dataDir: dataDir.path, config: loadMachineConfig(dataDir.path, {}), version: 'test' });
  app.start();
  const { code } = createEnrolmentCode(hub.hub.store, KEP);
  expect((await app.invoke('workstation.enrol', { hubUrl: hub.hub.url, code, label: 'Γκισέ 1' })).ok).toBe(true);
  expect((await app.invoke('session.signIn', { username: 'maria', password: PASSWORD })).ok).toBe(true);
});
afterEach(async () => {
  app.close();
  await hub.stop();
  dataDir.remove();
});

const error = (result: Result<unknown>) => (result.ok ? null : result.error);

describe('the identity-check gate, as the IPC bridge reaches it', () => {
  it('keeps case work locked and refuses ticks without a call with live video', async () => {
    const apt = bookAppointment(hub.hub.store, KEP, 0);
    // Once the day is synced, the appointment is this KEP's.
    await expect.poll(async () => (await app.invoke('verification.get', { appointmentId: apt.id })).ok, { timeout: 10_000 }).toBe(true);

    const state = await app.invoke('verification.get', { appointmentId: apt.id });
    expect(state).toMatchObject({ ok: true, value: { outcome: null, ticks: [], video: { live: false, reason: 'no_call' } } });
    expect(error(await app.invoke('case.get', { appointmentId: apt.id }))).toMatchObject({ code: 'locked', reason: 'verification.pending' });
    expect(
      error(
        await app.invoke('case.update', {
          appointmentId: apt.id,
          protocolNumber: '123/2026',
          actions: ['Αίτηση'],
          notes: '',
          formData: {},
          status: 'in_progress',
        }),
      ),
    ).toMatchObject({ code: 'locked' });
    expect(error(await app.invoke('verification.tick', { appointmentId: apt.id, item: 'face_visible' }))).toMatchObject({
      code: 'conflict',
      reason: 'video.no_call',
      message: expect.stringContaining('during the call'),
    });
    // Outcomes cannot be slipped in as plain appointment changes either.
    expect(error(await app.invoke('appointment.change', { change: { kind: 'verification.fail', appointmentId: apt.id, reason: 'technical' } }))).toMatchObject({
      code: 'invalid_input',
    });
    expect(error(await app.invoke('verification.tick', { appointmentId: apt.id, item: 'not_an_item' }))).toMatchObject({ code: 'invalid_input' });
  });

  it('a failed check ends the appointment at the hub with its reason, and stays final', async () => {
    const apt = bookAppointment(hub.hub.store, KEP, 0);
    await expect.poll(async () => (await app.invoke('verification.get', { appointmentId: apt.id })).ok, { timeout: 10_000 }).toBe(true);
    expect(await app.invoke('verification.fail', { appointmentId: apt.id, reason: 'document_not_accepted' })).toMatchObject({
      ok: true,
      value: { outcome: 'failed', reason: 'document_not_accepted' },
    });
    await expect.poll(() => hub.hub.store.getAppointment(apt.id)?.status, { timeout: 10_000 }).toBe('failed_verification');
    expect(hub.hub.store.getAppointment(apt.id)?.statusReason).toBe('document_not_accepted');
    expect(error(await app.invoke('verification.fail', { appointmentId: apt.id, reason: 'technical' }))).toMatchObject({ code: 'conflict' });
    expect(error(await app.invoke('case.get', { appointmentId: apt.id }))).toMatchObject({ code: 'locked', message: expect.stringContaining('failed') });
  });
});

describe('the audit trail reaches the hub', () => {
  it('delivers every entry once, in order, continuing the chain the hub keeps', async () => {
    await app.invoke('session.signOut', undefined);
    expect((await app.invoke('session.signIn', { username: 'maria', password: PASSWORD })).ok).toBe(true);
    const rows = () =>
      hub.hub.store.db.prepare('SELECT seq, kind, prev_hash AS prevHash, hash FROM audit_entries ORDER BY seq').all() as Array<{
        seq: number;
        kind: string;
        prevHash: string;
        hash: string;
      }>;
    await expect.poll(() => rows().map((r) => r.kind), { timeout: 10_000 }).toEqual(['session.signIn', 'session.signOut', 'session.signIn']);
    const stored = rows();
    expect(stored[0]!.prevHash).toBe('0'.repeat(64));
    expect(stored[1]!.prevHash).toBe(stored[0]!.hash);
    expect(stored[2]!.prevHash).toBe(stored[1]!.hash);
    // The hub's copy cannot be rewritten either.
    expect(() => hub.hub.store.db.prepare("UPDATE audit_entries SET kind = 'x'").run()).toThrow(/append-only/);
  });
});
