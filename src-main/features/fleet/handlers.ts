import { AppError } from '../../../src-shared/errors';
import type { HubApiClient } from '../../hub/hub-api-client';
import { NOT_CONFIGURED } from '../../hub/not-configured';
import type { Handlers } from '../../ipc/ipc-router';

export interface FleetHandlersDeps {
  client(): HubApiClient | null;
  /** The signed-in person's access token at the hub: the hub checks it is IT's, at this workstation. */
  accessToken(): string | null;
  /** This desk's own first report: sent before the fleet is read, so IT's view knows the desk when opened soon after a start. */
  ownReport(): Promise<void>;
}

/** IT's view of the KEP's desks, read from the hub with the IT session's own proof. */
export function fleetHandlers({ client, accessToken, ownReport }: FleetHandlersDeps): Handlers<'fleet.get'> {
  return {
    'fleet.get': async () => {
      const hub = client();
      if (!hub) throw new AppError(NOT_CONFIGURED.code, NOT_CONFIGURED.message);
      const token = accessToken();
      if (!token)
        throw new AppError('unauthorized', 'The session is offline: the fleet is read from the hub once it is reachable.', { reason: 'fleet.offline' });
      await ownReport();
      return hub.fleet(token);
    },
  };
}
