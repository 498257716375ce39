import { join } from 'node:path';
import { z } from 'zod';
import defaults from '../../resources/default-config.json';
import { configError, readConfigFile } from './config-file';
import { type MachineConfig, machineConfigSchema } from './config-schema';
import { loadMachineWideConfig, type MachineWideConfig } from './machine-wide-config';

export type { MachineConfig } from './config-schema';

export const CONFIG_FILE = 'config.json';

/**
 * The workstation's configuration, set by IT: which hub to talk to and with which credential.
 * Layers, later wins: resources/default-config.json, the machine-wide file IT deploys
 * (machine-wide-config.ts), <dataDir>/config.json, environment (KEP_HUB_URL, KEP_HUB_TOKEN),
 * explicit overrides (command-line flags of the shell). Keys the machine-wide file locks keep
 * its value whatever the later layers say.
 */
export function loadMachineConfig(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<MachineConfig> = {},
  machineWide: MachineWideConfig = loadMachineWideConfig(env),
): MachineConfig {
  const file = join(dataDir, CONFIG_FILE);
  const fromFile = z.record(z.string(), z.unknown()).safeParse(readConfigFile(file) ?? {});
  if (!fromFile.success) throw configError(fromFile.error.issues[0], file);
  const fromEnv: Partial<MachineConfig> = {
    ...(env.KEP_HUB_URL ? { hubUrl: env.KEP_HUB_URL } : {}),
    ...(env.KEP_HUB_TOKEN ? { workstationToken: env.KEP_HUB_TOKEN } : {}),
  };
  const { locked = [], dataDir: _dataDir, ...machineWideValues } = machineWide;
  const layers: Array<{ file: string | null; values: object }> = [
    { file: null, values: defaults },
    // Checked when read, so never the culprit here.
    { file: null, values: machineWideValues },
    { file, values: fromFile.data },
    { file: null, values: fromEnv },
    { file: null, values: overrides },
    { file: null, values: Object.fromEntries(locked.map((key) => [key, machineWideValues[key]])) },
  ];
  const parsed = machineConfigSchema.safeParse(Object.assign({}, ...layers.map((layer) => layer.values)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0]);
    throw configError(issue, layers.findLast((layer) => key in layer.values)?.file ?? null);
  }
  return parsed.data;
}
