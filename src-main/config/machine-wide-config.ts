import { userInfo } from 'node:os';
import { isAbsolute, posix, win32 } from 'node:path';
import { z } from 'zod';
import { configError, readConfigFile } from './config-file';
import { machineConfigSchema } from './config-schema';

/**
 * The configuration IT deploys with the installer, for every user of the computer: the defaults
 * under each user's config.json, and with `locked` the keys no user can change.
 */
export const machineWideConfigSchema = machineConfigSchema
  .partial()
  .extend({
    /** Where the app keeps its data instead of the user's profile; `{user}` becomes the account's name. */
    dataDir: z.string().refine(isAbsolute, 'dataDir must be an absolute path'),
    /** Keys whose machine-wide value no user's config.json nor environment can change. */
    locked: z.array(machineConfigSchema.keyof()),
  })
  .partial()
  // IT writes this file by hand for hundreds of desks: a misspelt key must stop the app, not vanish.
  .strict()
  .superRefine((config, context) => {
    for (const [index, key] of (config.locked ?? []).entries()) {
      if (config[key] === undefined) context.addIssue({ code: 'custom', path: ['locked', index], message: `${key} is locked but has no value in this file` });
    }
  });
export type MachineWideConfig = z.infer<typeof machineWideConfigSchema>;

/** KEP_MACHINE_CONFIG, else %ProgramData%\KEP Live Desk\config.json on Windows, /etc/kep-live-desk/config.json elsewhere. */
export function machineWideConfigPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (env.KEP_MACHINE_CONFIG) return env.KEP_MACHINE_CONFIG;
  if (platform === 'win32') return win32.join(env.ProgramData ?? 'C:\\ProgramData', 'KEP Live Desk', 'config.json');
  return posix.join('/etc', 'kep-live-desk', 'config.json');
}

export function loadMachineWideConfig(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): MachineWideConfig {
  const file = machineWideConfigPath(env, platform);
  const parsed = machineWideConfigSchema.safeParse(readConfigFile(file) ?? {});
  if (!parsed.success) throw configError(parsed.error.issues[0], file);
  const { dataDir, ...rest } = parsed.data;
  return dataDir ? { ...rest, dataDir: dataDir.replaceAll('{user}', userInfo().username) } : rest;
}
