import type { AppointmentWork } from '../protocol/changes';

/** The columns of an appointment's work, the same in the hub's store and in the app's cache. */
export interface WorkColumns {
  appointment_id: string;
  assigned_to: string | null;
  prepared_at: string | null;
  notes: string;
  no_show_at: string | null;
  call_outcome: string | null;
  call_ended_at: string | null;
  updated_at: string;
}

export const workFromColumns = (r: WorkColumns): AppointmentWork => ({
  appointmentId: r.appointment_id,
  assignedTo: r.assigned_to,
  preparedAt: r.prepared_at,
  notes: r.notes,
  noShowAt: r.no_show_at,
  callOutcome: r.call_outcome as AppointmentWork['callOutcome'],
  callEndedAt: r.call_ended_at,
  updatedAt: r.updated_at,
});

/** An upsert with named parameters taken from an AppointmentWork. */
export const UPSERT_WORK_SQL = `
  INSERT INTO appointment_work (appointment_id, assigned_to, prepared_at, notes, no_show_at, call_outcome, call_ended_at, updated_at)
  VALUES (@appointmentId, @assignedTo, @preparedAt, @notes, @noShowAt, @callOutcome, @callEndedAt, @updatedAt)
  ON CONFLICT (appointment_id) DO UPDATE SET assigned_to = excluded.assigned_to, prepared_at = excluded.prepared_at,
    notes = excluded.notes, no_show_at = excluded.no_show_at, call_outcome = excluded.call_outcome,
    call_ended_at = excluded.call_ended_at, updated_at = excluded.updated_at`;
