import { z } from 'zod';
import { kepSchema } from '../../src-shared/protocol/hub-api';

/** What enrolment gave this workstation: its hub, its KEP and its secret credential. */
export const workstationCredentialSchema = z.object({
  hubUrl: z.url(),
  workstationId: z.string(),
  kep: kepSchema,
  token: z.string().min(16),
  enrolledAt: z.iso.datetime(),
});
export type WorkstationCredential = z.infer<typeof workstationCredentialSchema>;

export const WORKSTATION_CREDENTIAL = 'workstation-credential';
