import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { hubUrlSchema } from '../../src-shared/contract/ipc';
import { AppError } from '../../src-shared/errors';
import defaults from '../../resources/default-config.json';

/**
 * The workstation's configuration, set by IT: which hub to talk to and with which credential.
 * Layers, later wins: resources/default-config.json, <dataDir>/config.json, environment
 * (KEP_HUB_URL, KEP_HUB_TOKEN), explicit overrides (command-line flags of the shell).
 */
export const machineConfigSchema = z.object({
  /** https://, or http:// to this computer only (tests, the demo's embedded hub): the credential must not cross a network in clear. */
  hubUrl: hubUrlSchema.nullable(),
  workstationToken: z.string().min(16, 'workstationToken is too short').max(512).nullable(),
  syncIntervalSeconds: z.number().int().min(10).max(3600),
  syncRetrySeconds: z.number().int().min(1).max(600),
  /** Days after an appointment ends that its personal data stays in the cache. */
  retentionDays: z.number().int().min(1).max(365),
});
export type MachineConfig = z.infer<typeof machineConfigSchema>;

export const CONFIG_FILE = 'config.json';

export function loadMachineConfig(dataDir: string, env: NodeJS.ProcessEnv = process.env, overrides: Partial<MachineConfig> = {}): MachineConfig {
  const file = join(dataDir, CONFIG_FILE);
  let fromFile: unknown = {};
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new AppError('invalid_input', `The configuration file ${file} is not valid JSON.`);
    }
  }
  const fromEnv: Partial<MachineConfig> = {
    ...(env.KEP_HUB_URL ? { hubUrl: env.KEP_HUB_URL } : {}),
    ...(env.KEP_HUB_TOKEN ? { workstationToken: env.KEP_HUB_TOKEN } : {}),
  };
  const merged = { ...defaults, ...(fromFile as object), ...fromEnv, ...overrides };
  const parsed = machineConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('invalid_input', `Configuration error in ${issue?.path.join('.') || file}: ${issue?.message}`);
  }
  return parsed.data;
}
