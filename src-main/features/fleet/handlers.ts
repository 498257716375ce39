import { AppError } from '../../../src-shared/errors';
import type { HubApiClient } from '../../hub/hub-api-client';
import { NOT_CONFIGURED } from '../../hub/not-configured';
import type { Handlers } from '../../ipc/ipc-router';

export interface FleetHandlersDeps {
  client(): HubApiClient | null;
  /** The signed-in person's access token at the hub: the hub checks it is IT's, at this workstation. */
  accessToken(): string | null;
}

/** IT's view of the KEP's desks, read from the hub with the IT session's own proof. */
export function fleetHandlers({ client, accessToken }: FleetHandlersDeps): Handlers<'fleet.get'> {
  return {
    'fleet.get': () => {
      const hub = client();
      if (!hub) throw new AppError(NOT_CONFIGURED.code, NOT_CONFIGURED.message);
      const token = accessToken();
      if (!token)
        throw new AppError('unauthorized', 'The session is offline: the fleet is read from the hub once it is reachable.', { reason: 'fleet.offline' });
      return hub.fleet(token);
    },
  };
}
