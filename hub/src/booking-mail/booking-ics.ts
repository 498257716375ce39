import { createEvent } from 'ics';
import type { Appointment } from '../../../src-shared/domain/appointment';

export interface InvitationInput {
  appointment: Appointment;
  method: 'REQUEST' | 'CANCEL';
  /** 0 for the first invitation; raised with each move and with the cancellation, so calendars take the newest. */
  sequence: number;
  /** Makes the UID: one booking is one calendar event, whatever is sent about it. */
  hubHost: string;
  joinUrl: string;
  summary: string;
  description: string;
  /** The hub's sender address, as `Name <address>` or a bare address. */
  organizer: string;
}

/** The UID of a booking's calendar event, the same in every invitation sent about it. */
export const invitationUid = (appointmentId: string, hubHost: string): string => `${appointmentId}@${hubHost}`;

function person(from: string): { name?: string; email: string } {
  const match = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(from);
  if (!match) return { email: from.trim() };
  const name = match[1]?.replace(/^"|"$/g, '');
  return { ...(name ? { name } : {}), email: match[2] ?? '' };
}

/**
 * The booking as an iCalendar invitation (RFC 5545/5546): times in UTC, the join link as its
 * location, a reminder 15 minutes before; METHOD:CANCEL removes it from the citizen's calendar.
 */
export function bookingInvitation(input: InvitationInput): string {
  const { appointment } = input;
  const cancelled = input.method === 'CANCEL';
  const { error, value } = createEvent({
    productId: 'kep-live-desk/booking',
    method: input.method,
    uid: invitationUid(appointment.id, input.hubHost),
    sequence: input.sequence,
    start: Date.parse(appointment.startsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(appointment.endsAt),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: input.summary,
    description: input.description,
    location: input.joinUrl,
    url: input.joinUrl,
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    organizer: person(input.organizer),
    attendees: appointment.citizen.email
      ? [{ name: `${appointment.citizen.firstName} ${appointment.citizen.lastName}`, email: appointment.citizen.email, rsvp: false, role: 'REQ-PARTICIPANT' }]
      : [],
    alarms: cancelled ? [] : [{ action: 'display', description: input.summary, trigger: { minutes: 15, before: true } }],
  });
  if (error || !value) throw new Error(`cannot make the calendar invitation: ${String(error)}`);
  return value;
}
