import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  API_PREFIX,
  type AppointmentsResponse,
  appointmentsQuerySchema,
  type WorkstationResponse,
} from '../../../src-shared/protocol/hub-api';
import { createLogger } from '../../../src-shared/log';
import { authenticateWorkstation } from '../auth/workstation-auth';
import type { HubStore } from '../store/hub-store';
import { sendError, sendJson } from './responses';

const log = createLogger('hub-api');

/**
 * The appointments API the app syncs from. A workstation's credential decides its KEP: there is
 * no parameter by which one KEP could ask for another's appointments.
 */
export function createApiHandler(store: HubStore) {
  return (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    if (req.method !== 'GET') return sendError(res, 405, 'invalid_input', `${req.method} is not allowed here.`);
    const workstation = authenticateWorkstation(store, req);
    if (!workstation) {
      log.warn('rejected request without a valid workstation credential', { path: url.pathname });
      return sendError(res, 401, 'unauthorized', 'A valid workstation credential is required.');
    }
    const kep = store.getKep(workstation.kepId);
    if (!kep) return sendError(res, 403, 'forbidden', 'The workstation belongs to no known KEP.');

    switch (url.pathname) {
      case `${API_PREFIX}/workstation`: {
        const body: WorkstationResponse = { kep, workstationId: workstation.id };
        return sendJson(res, 200, body);
      }
      case `${API_PREFIX}/appointments`: {
        const query = appointmentsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
        if (!query.success) {
          return sendError(res, 400, 'invalid_input', `Invalid query: ${query.error.issues[0]?.message ?? 'date'}`);
        }
        const body: AppointmentsResponse = {
          kepId: kep.id,
          date: query.data.date,
          serverTime: new Date().toISOString(),
          appointments: store.listAppointments(kep.id, query.data.date),
        };
        return sendJson(res, 200, body);
      }
      default:
        return sendError(res, 404, 'not_found', `There is no endpoint ${url.pathname}.`);
    }
  };
}
