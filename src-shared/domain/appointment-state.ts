import type { AppointmentWork } from '../protocol/changes';
import type { Appointment } from './appointment';
import { formatAthensDate } from './athens-time';
import { callWindow } from './call-window';
import type { Role } from './roles';

/**
 * What an appointment is, as the desk shows it: the hub's status tells only how a booking ended;
 * the work (a call that ended unfinished, a no-show not yet delivered) and the clock tell the rest.
 */
export const DISPLAY_STATES = [
  'booked',
  'window_open',
  'in_call',
  'completed',
  'needs_follow_up',
  'no_show',
  'missed_window',
  'cancelled',
  'failed_verification',
  'rescheduled',
] as const;
export type DisplayState = (typeof DISPLAY_STATES)[number];

type WorkFacts = Pick<AppointmentWork, 'callOutcome' | 'callEndedAt' | 'noShowAt'>;

export function displayState(
  appointment: Pick<Appointment, 'status' | 'startsAt' | 'endsAt'>,
  work: WorkFacts | undefined,
  callOpen: boolean,
  now: Date,
): DisplayState {
  if (appointment.status !== 'booked') return appointment.status;
  if (callOpen) return 'in_call';
  if (work?.noShowAt) return 'no_show';
  if (work?.callEndedAt && work.callOutcome) return work.callOutcome === 'completed' ? 'completed' : 'needs_follow_up';
  const { opens, closes } = callWindow(appointment);
  const t = now.getTime();
  if (t < opens) return 'booked';
  return t <= closes ? 'window_open' : 'missed_window';
}

/** «Κλήση πολίτη» is offered only while the window is open and nothing has happened yet. */
export const offersCall = (state: DisplayState): boolean => state === 'window_open';

/** A no-show can still be recorded for a booking nobody has called, even after its window closed. */
export const offersNoShow = (state: DisplayState): boolean => state === 'booked' || state === 'window_open' || state === 'missed_window';

/** The lobby lists a citizen as waiting only while they can still be called. */
export const waitsInLobby = (state: DisplayState): boolean => state === 'booked' || state === 'window_open';

/**
 * A no-show can be undone the same Athens day it was recorded, by whoever recorded it or a
 * supervisor: a mistaken click is put right at the counter, not days later.
 */
export function noShowUndoWindowOpen(noShowAt: string, now: Date): boolean {
  return formatAthensDate(new Date(noShowAt)) === formatAthensDate(now);
}

export function mayUndoNoShow(actor: { id: string; role: Role }, recordedBy: string | null): boolean {
  return actor.role === 'supervisor' || (actor.role === 'employee' && recordedBy === actor.id);
}
