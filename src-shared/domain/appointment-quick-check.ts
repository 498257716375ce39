import { isValidAfm } from './afm';
import { APPOINTMENT_STATUSES, type Appointment, appointmentSchema, citizenSchema, DELIVERY_METHODS, kepIdSchema, utcInstantSchema } from './appointment';

/**
 * A quicker road to appointmentSchema's answer for the rows it can vouch for: a day of 2,000
 * rows costs zod ~16 ms at each sync, this ~2 ms. It accepts a row only when every rule of the
 * schema holds (its own regular expressions, taken from the schema below) and no key is unknown;
 * anything else (a refusal, an extra key zod would strip) is left to zod, which stays the one
 * definition of a valid appointment. tests/unit/appointment-quick-check.test.ts holds the two
 * to the same answers.
 */

/** The pattern zod itself tests a string format or `.regex()` with: read here, so the two cannot drift. */
function patternOf(schema: unknown): RegExp {
  const zod = (schema as { _zod?: { def?: { pattern?: unknown; checks?: Array<{ _zod?: { def?: { pattern?: unknown } } }>; innerType?: unknown } } })._zod;
  const def = zod?.def;
  if (def?.pattern instanceof RegExp) return def.pattern;
  const check = def?.checks?.find((c) => c._zod?.def?.pattern instanceof RegExp);
  if (check) return check._zod?.def?.pattern as RegExp;
  if (def?.innerType) return patternOf(def.innerType);
  throw new Error('appointment-quick-check: a schema it relies on has no pattern (zod changed?)');
}

const UUID = patternOf(appointmentSchema.shape.id);
const KEP_ID = patternOf(kepIdSchema);
const UTC_INSTANT = patternOf(utcInstantSchema);
const EMAIL = patternOf(citizenSchema.shape.email);
const PHONE = patternOf(citizenSchema.shape.phone);

const STATUSES: ReadonlySet<unknown> = new Set(APPOINTMENT_STATUSES);
const DELIVERIES: ReadonlySet<unknown> = new Set(DELIVERY_METHODS);

type Row = Record<string, unknown>;

const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
const nullableText = (v: unknown, max: number): v is string | null => v === null || text(v, 0, max);
const instant = (v: unknown): v is string => typeof v === 'string' && UTC_INSTANT.test(v);

function quickCitizen(c: unknown): Appointment['citizen'] | null {
  if (!isRow(c) || Object.keys(c).length !== 6) return null;
  const { firstName, lastName, afm, email, phone, postalAddress } = c;
  if (!text(firstName, 1, 100) || !text(lastName, 1, 100) || typeof afm !== 'string' || !isValidAfm(afm)) return null;
  if (!(email === null || (text(email, 0, 254) && EMAIL.test(email)))) return null;
  if (!(phone === null || (typeof phone === 'string' && PHONE.test(phone))) || !nullableText(postalAddress, 300)) return null;
  return { firstName, lastName, afm, email, phone, postalAddress };
}

function quickBookedBy(b: unknown): Appointment['bookedBy'] | undefined {
  if (b === undefined || b === null) return null;
  if (!isRow(b) || Object.keys(b).length !== 2) return undefined;
  const { via, employeeName } = b;
  if ((via !== 'online' && via !== 'desk') || !nullableText(employeeName, 200)) return undefined;
  return { via, employeeName };
}

/**
 * The appointment appointmentSchema.parse would make of `value` (a new object, defaults filled
 * in), or null when this check cannot vouch for it: ask zod then.
 */
export function quickAppointment(value: unknown): Appointment | null {
  if (!isRow(value)) return null;
  const a = value;
  // Every key known: 12 always there, statusReason and bookedBy when given (defaults otherwise).
  if (Object.keys(a).length !== 12 + Number('statusReason' in a) + Number('bookedBy' in a)) return null;
  const { id, kepId, startsAt, endsAt, category, serviceCode, subject, interpreterNeeded, deliveryMethod, status, updatedAt } = a;
  if (typeof id !== 'string' || !UUID.test(id) || typeof kepId !== 'string' || !KEP_ID.test(kepId)) return null;
  if (!instant(startsAt) || !instant(endsAt) || !instant(updatedAt) || !(endsAt > startsAt)) return null;
  if ((category !== 1 && category !== 2 && category !== 3 && category !== 4) || !text(serviceCode, 1, 64) || !text(subject, 0, 1000)) return null;
  if (typeof interpreterNeeded !== 'boolean' || (interpreterNeeded && category !== 3)) return null;
  if (!DELIVERIES.has(deliveryMethod) || !STATUSES.has(status)) return null;
  const statusReason = a.statusReason === undefined ? null : a.statusReason;
  if (!nullableText(statusReason, 500)) return null;
  const bookedBy = quickBookedBy(a.bookedBy);
  const citizen = quickCitizen(a.citizen);
  if (bookedBy === undefined || citizen === null) return null;
  return {
    id,
    kepId,
    startsAt,
    endsAt,
    category,
    serviceCode,
    subject,
    citizen,
    interpreterNeeded,
    deliveryMethod: deliveryMethod as Appointment['deliveryMethod'],
    status: status as Appointment['status'],
    statusReason,
    bookedBy,
    updatedAt,
  };
}
