import type { HubConfig } from '../../hub/src/config';
import { type RunningHub, startHub } from '../../hub/src/server';
import { seedDemo } from '../../hub/src/seed/seed-demo';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import type { IsoDate } from '../../src-shared/domain/athens-time';
import { makeTempDir } from './temp-dir';

export interface TestHub {
  hub: RunningHub;
  /** A workstation credential of each demo KEP, by KEP id. */
  tokens: Record<string, string>;
  stop(): Promise<void>;
}

/** A real hub on a free loopback port with the demo KEPs, bookings on `dates`, and a workstation per KEP. */
export async function startTestHub(dates: readonly IsoDate[], config: Partial<HubConfig> = {}, revalidateMs?: number): Promise<TestHub> {
  const dir = makeTempDir('kep-hub-');
  const hub = await startHub({ dataDir: dir.path, port: 0, config, ...(revalidateMs ? { revalidateMs } : {}) });
  seedDemo(hub.store, dates);
  const tokens: Record<string, string> = {};
  for (const kep of DEMO_KEPS) tokens[kep.id] = hub.store.addWorkstation(kep.id, 'test desk').token;
  return {
    hub,
    tokens,
    async stop() {
      await hub.close();
      dir.remove();
    },
  };
}
