import type { AppInfo } from '../../../src-shared/contract/ipc';
import { AppError } from '../../../src-shared/errors';
import type { WorkstationLink } from '../../hub/workstation-link';
import type { Handlers } from '../../ipc/ipc-router';
import type { SessionService } from '../../session/session-service';

export interface WorkstationHandlersDeps {
  link: WorkstationLink;
  session: SessionService;
  info(): AppInfo;
  /** The workstation has a new hub credential: sync with that hub and keep the background work going. */
  enrolled(): void;
}

export function workstationHandlers({ link, session, info, enrolled }: WorkstationHandlersDeps): Handlers<'app.info' | 'workstation.enrol'> {
  return {
    'app.info': info,
    'workstation.enrol': async ({ hubUrl, code, label }) => {
      // Enrolling again replaces the credential: only IT may do that on an enrolled workstation.
      if (link.endpoint() && session.role() !== 'it-admin') {
        throw new AppError('forbidden', 'This workstation is already enrolled; only IT staff can enrol it again.', { reason: 'workstation.already_enrolled' });
      }
      await link.enrol(hubUrl, code, label);
      await session.signOut();
      enrolled();
      return info();
    },
  };
}
