import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILE } from '../../src-main/config/machine-config';
import { type BenchChild, startTsProcess } from './child-process';
import type { SyncBenchKep } from './sync-fixture';

const ROOT = resolve(__dirname, '../..');

/**
 * A browser shell (from source, under tsx) for the render measurements: its own data directory
 * `dir`, enrolled for `kep` against the hub, serving `rendererDir` (out/renderer unless given).
 * Its log goes to `logFile`.
 */
export function startRenderShell(dir: string, logFile: string, hubUrl: string, kep: SyncBenchKep, rendererDir?: string): Promise<BenchChild> {
  mkdirSync(dir, { recursive: true });
  // No periodic sync during the measurement: the shell's first sync fills the cache, that is all.
  writeFileSync(join(dir, CONFIG_FILE), `${JSON.stringify({ syncIntervalSeconds: 3600 })}\n`);
  // The credential goes in the environment (a command line is visible to everyone); the child inherits ours.
  process.env.KEP_HUB_TOKEN = kep.workstationToken;
  const args = [`--data-dir=${dir}`, `--hub-url=${hubUrl}`, ...(rendererDir ? [`--renderer-dir=${rendererDir}`] : [])];
  return startTsProcess('src-main/shell/cli.ts', args, { cwd: ROOT, logFile });
}
