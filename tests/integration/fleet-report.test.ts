import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import { fleetReportSchema } from '../../src-shared/protocol/fleet';
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
});
