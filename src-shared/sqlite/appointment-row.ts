import { type Appointment, appointmentSchema } from '../domain/appointment';

/**
 * The columns of an appointment's booking data, the same in the hub's store and in the app's
 * cache, so both map rows one way.
 */
export interface AppointmentColumns {
  id: string;
  kep_id: string;
  starts_at: string;
  ends_at: string;
  category: number;
  service_code: string;
  subject: string;
  citizen_first_name: string;
  citizen_last_name: string;
  citizen_afm: string;
  citizen_email: string | null;
  citizen_phone: string | null;
  citizen_postal_address: string | null;
  interpreter_needed: number;
  delivery_method: string;
  status: string;
  status_reason: string | null;
  updated_at: string;
}

export const APPOINTMENT_COLUMNS = [
  'id',
  'kep_id',
  'starts_at',
  'ends_at',
  'category',
  'service_code',
  'subject',
  'citizen_first_name',
  'citizen_last_name',
  'citizen_afm',
  'citizen_email',
  'citizen_phone',
  'citizen_postal_address',
  'interpreter_needed',
  'delivery_method',
  'status',
  'status_reason',
  'updated_at',
] as const satisfies readonly (keyof AppointmentColumns)[];

/** toISOString's own spelling; a (schema-checked) instant in it is already canonical. */
const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * One spelling of an instant (with milliseconds), so stored times compare correctly as text.
 * What the hub sends is in it already: formatting it anew costs microseconds a row, a day's sync
 * 6,000 times.
 */
export function canonicalInstant(iso: string): string {
  return CANONICAL_INSTANT.test(iso) ? iso : new Date(iso).toISOString();
}

export function appointmentToColumns(a: Appointment): AppointmentColumns {
  return {
    id: a.id,
    kep_id: a.kepId,
    starts_at: canonicalInstant(a.startsAt),
    ends_at: canonicalInstant(a.endsAt),
    category: a.category,
    service_code: a.serviceCode,
    subject: a.subject,
    citizen_first_name: a.citizen.firstName,
    citizen_last_name: a.citizen.lastName,
    citizen_afm: a.citizen.afm,
    citizen_email: a.citizen.email,
    citizen_phone: a.citizen.phone,
    citizen_postal_address: a.citizen.postalAddress,
    interpreter_needed: a.interpreterNeeded ? 1 : 0,
    delivery_method: a.deliveryMethod,
    status: a.status,
    status_reason: a.statusReason,
    updated_at: canonicalInstant(a.updatedAt),
  };
}

/**
 * appointmentToColumns's values in APPOINTMENT_COLUMNS order, for positional parameters: a
 * day's sync binds 2,000 rows, and building each as an object then reading it back by column
 * name cost a third of the desk's write of the day (tests/unit/appointment-row-values.test.ts
 * holds the two to the same values).
 */
export function appointmentValues(a: Appointment): unknown[] {
  const c = a.citizen;
  return [
    a.id,
    a.kepId,
    canonicalInstant(a.startsAt),
    canonicalInstant(a.endsAt),
    a.category,
    a.serviceCode,
    a.subject,
    c.firstName,
    c.lastName,
    c.afm,
    c.email,
    c.phone,
    c.postalAddress,
    a.interpreterNeeded ? 1 : 0,
    a.deliveryMethod,
    a.status,
    a.statusReason,
    canonicalInstant(a.updatedAt),
  ];
}

/**
 * The row as an appointment, unchecked: for rows whose next stop validates them anyway (the
 * desk's IPC output check, the desk's check of the hub's answer), so they are checked once.
 */
export function columnsToAppointment(r: AppointmentColumns): Appointment {
  return {
    id: r.id,
    kepId: r.kep_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    category: r.category,
    serviceCode: r.service_code,
    subject: r.subject,
    citizen: {
      firstName: r.citizen_first_name,
      lastName: r.citizen_last_name,
      afm: r.citizen_afm,
      email: r.citizen_email,
      phone: r.citizen_phone,
      postalAddress: r.citizen_postal_address,
    },
    interpreterNeeded: r.interpreter_needed === 1,
    deliveryMethod: r.delivery_method,
    status: r.status,
    statusReason: r.status_reason,
    updatedAt: r.updated_at,
    bookedBy: null,
  } as Appointment;
}

/** Parses on the way out, so a damaged or hand-edited row never passes as valid. */
export function appointmentFromColumns(r: AppointmentColumns): Appointment {
  return appointmentSchema.parse(columnsToAppointment(r));
}

/** `@id, @kep_id, …` for an INSERT with named parameters, plus the column list. */
export const APPOINTMENT_COLUMN_LIST = APPOINTMENT_COLUMNS.join(', ');
export const APPOINTMENT_PARAM_LIST = APPOINTMENT_COLUMNS.map((c) => `@${c}`).join(', ');
