import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../hub/src/server';
import { seedDemo } from '../../hub/src/seed/seed-demo';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import type { AppInfo } from '../../src-shared/contract/ipc';
import type { Result } from '../../src-shared/errors';
import { makeTempDir } from '../support/temp-dir';

const KEP = DEMO_KEPS[0]!;
let hubDir: ReturnType<typeof makeTempDir>;
let deskDir: ReturnType<typeof makeTempDir>;
let hub: RunningHub;
let app: KepApp | null = null;

beforeEach(async () => {
  hubDir = makeTempDir('kep-hub-');
  deskDir = makeTempDir();
  hub = await startHub({ dataDir: hubDir.path, port: 0 });
});
afterEach(async () => {
  app?.close();
  await hub.close();
  deskDir.remove();
  hubDir.remove();
});

const info = async (desk: KepApp): Promise<AppInfo> => {
  const result = (await desk.invoke('app.info', undefined)) as Result<AppInfo>;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe("the KEP's postal address", () => {
  it('is seeded for the demo KEPs, kept when a KEP is written without one, and reaches the desk with the KEP', async () => {
    seedDemo(hub.store, []);
    expect(hub.store.getKep(KEP.id)).toEqual({ id: KEP.id, name: KEP.name, postalAddress: 'Σταδίου 30, 105 63 Αθήνα' });
    hub.store.upsertKep({ id: KEP.id, name: KEP.name });
    expect(hub.store.getKep(KEP.id)?.postalAddress).toBe('Σταδίου 30, 105 63 Αθήνα');

    const { token } = hub.store.addWorkstation(KEP.id, 'desk');
    app = createApp({ dataDir: deskDir.path, config: loadMachineConfig(deskDir.path, {}, { hubUrl: hub.url, workstationToken: token }), version: 'test' });
    app.start();
    await expect
      .poll(async () => (await info(app!)).kep, { timeout: 10_000 })
      .toEqual({ id: KEP.id, name: KEP.name, postalAddress: 'Σταδίου 30, 105 63 Αθήνα' });
  });
});
