import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../hub/src/auth/users';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import { fleetReportSchema } from '../../src-shared/protocol/fleet';
import { failingUpdateReport, postFleetReport } from '../support/fleet';
import { startTestHub, type TestHub } from '../support/hub';
import { makeTempDir } from '../support/temp-dir';

const KEP = DEMO_KEPS[0]!.id;
let t: TestHub;
let dir: ReturnType<typeof makeTempDir>;
let app: KepApp;

beforeAll(async () => {
  t = await startTestHub([]);
  dir = makeTempDir('kep-fleet-desk-');
  app = createApp({
    dataDir: dir.path,
    config: loadMachineConfig(dir.path, {}, { hubUrl: t.hub.url, workstationToken: t.tokens[KEP] as string }),
    version: '1.4.0',
  });
});
afterAll(async () => {
  app.close();
  dir.remove();
  await t.stop();
});

describe('the desk reports to its hub', () => {
  it('sends its version, updater, outbox and audit trail at start, and the hub records it for the fleet', async () => {
    app.start();
    const reported = () => t.hub.store.fleetReports.ofKep(KEP).map((r) => ({ ...r, report: fleetReportSchema.parse(JSON.parse(r.report)) }));
    await expect.poll(() => reported().length, { timeout: 10_000 }).toBe(1);
    const [row] = reported();
    expect(row!.report).toMatchObject({
      version: '1.4.0',
      platform: process.platform === 'win32' ? 'win' : 'linux',
      // No updater in a development build or a test: it stands idle.
      update: { state: 'idle' },
      outbox: { pending: 0, refused: 0 },
      auditTrail: { intact: true, unaudited: 0 },
    });
    // Both clocks are this machine's: the offset is the network time only.
    expect(Math.abs(row!.clockOffsetMs ?? Infinity)).toBeLessThan(5_000);
  });

  it('shows the KEP’s desks to its IT staff, with what needs a look, and to no one else', async () => {
    const password = 'a long enough password';
    await addUser(t.hub.store, { kepId: KEP, username: 'tech', displayName: 'Τεχνικός', role: 'it-admin', password });
    await addUser(t.hub.store, { kepId: KEP, username: 'maria', displayName: 'Μαρία', role: 'employee', password });
    // Another desk of the KEP whose update keeps failing.
    const other = t.hub.store.addWorkstation(KEP, 'Γκισέ 2').token;
    expect(await postFleetReport(t.hub.url, other, failingUpdateReport())).toBe(200);

    expect((await app.invoke('session.signIn', { username: 'maria', password })).ok).toBe(true);
    expect(await app.invoke('fleet.get', undefined)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await app.invoke('session.signOut', undefined)).ok).toBe(true);

    expect((await app.invoke('session.signIn', { username: 'tech', password })).ok).toBe(true);
    const fleet = await app.invoke('fleet.get', undefined);
    expect(fleet.ok).toBe(true);
    const desks = (fleet as { value: { desks: Array<{ label: string; report: { version: string } | null; attention: string[] }> } }).value.desks;
    expect(desks.find((d) => d.label === 'Γκισέ 2')).toMatchObject({ report: { version: '1.3.0' }, attention: expect.arrayContaining(['update_error']) });
    expect(desks.find((d) => d.report?.version === '1.4.0')).toBeDefined();
    // Only this KEP's two desks, not the other demo KEPs' (each has one).
    expect(desks).toHaveLength(2);
  });
});
