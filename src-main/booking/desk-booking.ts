import type { DeskBooked } from '../../src-shared/contract/ipc';
import { AppError } from '../../src-shared/errors';
import { createLogger } from '../../src-shared/log';
import type { DeskBookingRequest, SlotsResponse } from '../../src-shared/protocol/booking';
import type { HubApiClient } from '../hub/hub-api-client';
import { NOT_CONFIGURED } from '../hub/not-configured';

const log = createLogger('desk-booking');

export interface SlotsQuery {
  category: 1 | 2 | 3 | 4;
  from?: string;
  days?: number;
}

export interface DeskBookingDeps {
  client(): HubApiClient | null;
  /** The signed-in person's access token at the hub; null while the session is offline. */
  accessToken(): string | null;
  /** Told of each booking made, so the day is pulled from the hub's change feed at once. */
  onBooked(): void;
}

/**
 * Booking for a citizen who phones: the free times and the booking itself are the hub's, asked
 * live. A booking is never queued at the desk: the time it holds is only real once the hub has
 * taken it, so without the hub the employee hears so (booking.offline) and tries again.
 */
export class DeskBooking {
  constructor(private readonly deps: DeskBookingDeps) {}

  async slots(query: SlotsQuery): Promise<SlotsResponse> {
    return this.live(() => this.hub().deskSlots(query));
  }

  async book(request: DeskBookingRequest): Promise<DeskBooked> {
    const token = this.deps.accessToken();
    if (!token) throw offline('The session is offline: a booking needs the hub.');
    const booked = await this.live(() => this.hub().deskBooking(request, token));
    log.info('booked for a citizen by phone', { appointmentId: booked.appointment.id, confirmation: booked.confirmation });
    this.deps.onBooked();
    const { appointment } = booked;
    return {
      appointmentId: appointment.id,
      startsAt: appointment.startsAt,
      endsAt: appointment.endsAt,
      changeUntil: booked.changeUntil,
      confirmation: booked.confirmation,
    };
  }

  private hub(): HubApiClient {
    const hub = this.deps.client();
    if (!hub) throw new AppError(NOT_CONFIGURED.code, NOT_CONFIGURED.message);
    return hub;
  }

  /** The hub's refusals pass as they are (their reason picks the text); a hub that cannot be reached is booking.offline. */
  private async live<T>(ask: () => Promise<T>): Promise<T> {
    try {
      return await ask();
    } catch (error) {
      if (error instanceof AppError && error.code === 'hub_unreachable') throw offline(error.message, error);
      throw error;
    }
  }
}

function offline(message: string, cause?: unknown): AppError {
  return new AppError('hub_unreachable', message, { reason: 'booking.offline', cause });
}
