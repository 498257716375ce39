import type { Handlers } from '../../ipc/ipc-router';
import type { CatalogueCache } from '../../booking/catalogue-cache';
import type { DeskBooking } from '../../booking/desk-booking';

export interface BookingHandlersDeps {
  catalogue: CatalogueCache;
  booking: DeskBooking;
}

/** The catalogue the desk keeps, and booking for a citizen who phones. */
export function bookingHandlers({ catalogue, booking }: BookingHandlersDeps): Handlers<'catalogue.get' | 'booking.slots' | 'booking.create'> {
  return {
    'catalogue.get': () => catalogue.get() ?? { catalogue: null, fetchedAt: null },
    'booking.slots': (query) => booking.slots(query),
    'booking.create': (request) => booking.book(request),
  };
}
