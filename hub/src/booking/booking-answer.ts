import type { Appointment } from '../../../src-shared/domain/appointment';
import type { BookingResponse } from '../../../src-shared/protocol/booking';
import { joinUrl } from '../../../src-shared/protocol/hub-api';
import { AppError } from '../../../src-shared/errors';
import { issueJoinToken } from '../auth/join-links';
import type { BookingSettings } from '../config';
import { linkBase } from '../http/public-url';
import type { HubStore } from '../store/hub-store';
import { changeUntil } from './manage';

/** What the booking routes need beyond the store: the rules, where links point, whether mail goes out. */
export interface BookingContext {
  settings: BookingSettings;
  publicUrl: string | undefined;
  listenHost: string;
  /** Whether the hub has an SMTP server to send the confirmation with. */
  mailConfigured: boolean;
}

/** Where the citizen's link points; checked before booking, so a hub that cannot tell books nothing. */
export function publicBase(context: BookingContext, clientHost: string | undefined): string {
  const base = linkBase(context.publicUrl, context.listenHost, clientHost);
  if (!base.ok) throw new AppError('not_configured', base.message);
  return base.base;
}

/** The answer to a booking: the appointment, the citizen's link (sent in the confirmation too) and until when it may change. */
export function bookingAnswer(store: HubStore, context: BookingContext, appointment: Appointment, base: string): BookingResponse {
  return {
    appointment,
    joinUrl: joinUrl(base, issueJoinToken(store, appointment.id, 'citizen').token),
    changeUntil: new Date(changeUntil(appointment, context.settings)).toISOString(),
    confirmation: context.mailConfigured ? 'queued' : 'no_mail_server',
  };
}
