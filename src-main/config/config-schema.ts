import { z } from 'zod';
import { hubUrlSchema } from '../../src-shared/contract/ipc';

/** The workstation's settings: which hub to talk to, with which credential, how often. */
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
