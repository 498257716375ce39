import type { AuditedChanges } from '../../audit/audited-changes';
import type { CallService } from '../../call/call-service';
import type { Handlers } from '../../ipc/ipc-router';
import type { VerificationService } from '../../verification/verification-service';

export interface VerificationHandlersDeps {
  verification: VerificationService;
  calls: CallService;
  changes: AuditedChanges;
  /** The signed-in person's id; refused when nobody is. */
  actorId(): string;
}

/** The identity check of an appointment, ticked on camera during its call. */
export function verificationHandlers({
  verification,
  calls,
  changes,
  actorId,
}: VerificationHandlersDeps): Handlers<'verification.get' | 'verification.tick' | 'verification.fail'> {
  return {
    'verification.get': ({ appointmentId }) => verification.state(appointmentId),
    'verification.tick': async ({ appointmentId, item }) => {
      const { state, passedNow, evidence } = verification.tick(appointmentId, item, actorId());
      changes.record('verification.tick', appointmentId, { item, videoLive: true, evidence });
      if (passedNow) {
        changes.record('verification.passed', appointmentId);
        // The citizen's page learns the camera is optional; a hub away now is told once the desk is back in the call.
        await verification.tellHub(appointmentId);
      }
      return state;
    },
    'verification.fail': async ({ appointmentId, reason }) => {
      const actor = actorId();
      // A failed check ends the appointment: the outcome, its change for the hub and its audit entry at once; then the call closes.
      // The change first: a role that may not make it stops the outcome before it is announced.
      const state = changes.commit(() => {
        changes.recordChange({ kind: 'verification.fail', appointmentId, reason }, { reason }, 'verification.failed');
        return verification.fail(appointmentId, reason, actor);
      });
      if (calls.isActive(appointmentId)) await calls.close(appointmentId);
      return state;
    },
  };
}
