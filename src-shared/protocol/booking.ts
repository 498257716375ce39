import * as z from 'zod';
import { afmSchema, appointmentSchema, DELIVERY_METHODS, kepIdSchema, utcInstantSchema } from '../domain/appointment';
import { isoDateSchema } from './hub-api';

/**
 * Booking (issue 17): the citizen books online after an OpenID Connect sign-in, or a KEP
 * employee books for a citizen who phones. The catalogue (categories, services and the documents
 * each needs) and each KEP's schedule are data on the hub, set by IT, so another agency can run
 * the same service. PROTOCOL.md §12 describes each route for a person.
 *
 * Times: slots are UTC instants; the days, opening hours and closed dates they come from are
 * Athens local (Europe/Athens), as the citizen and the KEP read them.
 */

export const localizedTextSchema = z.object({ el: z.string().min(1).max(300), en: z.string().min(1).max(300) });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export const serviceCodeSchema = z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,63}$/, 'A service code is 2–64 capital letters, digits and dashes');

/** The categories a booking may carry (the appointment's column allows 1–4). */
export const categoryCodeSchema = z.number().int().min(1).max(4);

export const catalogueCategorySchema = z.object({
  code: categoryCodeSchema,
  name: localizedTextSchema,
  /** Whether a citizen booking this category is asked about a sign-language interpreter (3). */
  interpreterOffered: z.boolean(),
});

export const catalogueServiceSchema = z.object({
  code: serviceCodeSchema,
  category: categoryCodeSchema,
  name: localizedTextSchema,
  /** What the citizen should have ready for the call, shown when they choose the service. */
  documents: z.array(localizedTextSchema).max(20),
  /** A withdrawn service is no longer offered; appointments that carry it still show its name. */
  active: z.boolean(),
});
export type CatalogueService = z.infer<typeof catalogueServiceSchema>;

/** GET /catalogue (desk) and GET /booking/catalogue (citizen): the whole catalogue. */
export const catalogueSchema = z.object({
  /** Who runs the service, e.g. «ΚΕΠ» / "KEP" (another agency: «ΑΑΔΕ» / "AADE"). */
  agency: localizedTextSchema,
  categories: z.array(catalogueCategorySchema).min(1),
  services: z.array(catalogueServiceSchema).min(1),
});
export type Catalogue = z.infer<typeof catalogueSchema>;

/** "HH:MM", 24-hour, Athens local. */
export const clockTimeSchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'Expected a time like 08:00');

/** One stretch of opening hours; closes after opens. */
export const openingSpanSchema = z
  .object({ opens: clockTimeSchema, closes: clockTimeSchema })
  .refine((s) => s.closes > s.opens, { message: 'A KEP must close after it opens', path: ['closes'] });

/**
 * A KEP's schedule for video appointments, as IT sets it (CLI `kep-schedule`). `hours` by ISO
 * weekday ("1" Monday … "7" Sunday); a weekday absent or with no spans is closed. A slot starts
 * every `slotMinutes` from each span's opening and must end by its closing; `desks` citizens
 * can be served in the same slot.
 */
export const kepScheduleSchema = z.object({
  videoService: z.boolean(),
  municipality: z.string().min(1).max(100),
  desks: z.number().int().min(1).max(50),
  slotMinutes: z.number().int().min(5).max(120),
  hours: z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(openingSpanSchema).max(4)),
  /** Public holidays and local closures (Athens dates). */
  closedDates: z.array(isoDateSchema).max(400),
});
export type KepSchedule = z.infer<typeof kepScheduleSchema>;

/** GET /booking/keps?q= — KEPs offering video appointments, matched on municipality or name. */
export const bookingKepsQuerySchema = z.object({ q: z.string().trim().max(100).optional() });
export const bookableKepSchema = z.object({
  id: kepIdSchema,
  name: z.string().min(1).max(200),
  municipality: z.string().min(1).max(100),
});
export type BookableKep = z.infer<typeof bookableKepSchema>;
export const bookingKepsResponseSchema = z.object({ keps: z.array(bookableKepSchema).max(200) });

/** The longest stretch of days one slot search may cover. */
export const MAX_SLOT_SEARCH_DAYS = 31;

/**
 * GET /booking/slots (citizen) and GET /bookings/slots (desk; its own KEP, `kepId` absent):
 * the free slots from `from` (today when absent) for `days` days. A slot is free while fewer
 * than the KEP's desks are booked in it (cancelled appointments do not count), it starts at
 * least the hub's lead time (`booking.leadMinutes`, BOOKING_LEAD_MINUTES unless set) from now, and its day is open.
 */
export const slotsQuerySchema = z.object({
  kepId: kepIdSchema.optional(),
  category: z.enum(['1', '2', '3', '4']),
  from: isoDateSchema.optional(),
  days: z
    .string()
    .regex(/^\d{1,2}$/)
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_SLOT_SEARCH_DAYS, `days must be 1 to ${MAX_SLOT_SEARCH_DAYS}`)
    .optional(),
});

/** A slot must start at least this long after the booking is made, unless the hub's `booking.leadMinutes` says otherwise. */
export const BOOKING_LEAD_MINUTES = 15;

export const freeSlotSchema = z.object({
  startsAt: utcInstantSchema,
  endsAt: utcInstantSchema,
  /** Desks still free in it (≥ 1). */
  free: z.number().int().min(1),
});
export type FreeSlot = z.infer<typeof freeSlotSchema>;

export const slotsResponseSchema = z.object({
  kepId: kepIdSchema,
  timeZone: z.literal('Europe/Athens'),
  slotMinutes: z.number().int(),
  /** Every day searched, in order, open or not; a closed or full day has no slots. */
  days: z.array(z.object({ date: isoDateSchema, slots: z.array(freeSlotSchema) })),
});
export type SlotsResponse = z.infer<typeof slotsResponseSchema>;

const phoneSchema = z.string().regex(/^\+?[0-9 ]{6,20}$/, 'Not a phone number');

/** What a booking says about the case, whoever makes it. */
const bookingFields = {
  category: categoryCodeSchema,
  serviceCode: serviceCodeSchema,
  /** The citizen's own words about the case: the KEP reads it before the call. */
  description: z.string().trim().min(3).max(1000),
  interpreterNeeded: z.boolean(),
  startsAt: utcInstantSchema,
  email: z.email().max(254),
  phone: phoneSchema.nullable(),
  deliveryMethod: z.enum(DELIVERY_METHODS),
  /** Required when the document goes by post. */
  postalAddress: z.string().trim().min(5).max(300).nullable(),
};

const deliveryNeedsAddress = (b: { deliveryMethod: string; postalAddress: string | null }): boolean => b.deliveryMethod !== 'post' || b.postalAddress !== null;
const interpreterOnlyIn3 = (b: { category: number; interpreterNeeded: boolean }): boolean => !b.interpreterNeeded || b.category === 3;

/** POST /booking — the signed-in citizen books; name and AFM come from the sign-in, never the body. */
export const citizenBookingRequestSchema = z
  .object({ kepId: kepIdSchema, ...bookingFields })
  .strict()
  .refine(deliveryNeedsAddress, { message: 'A postal address is needed when the document goes by post', path: ['postalAddress'] })
  .refine(interpreterOnlyIn3, { message: 'Only category 3 appointments can have a sign-language interpreter', path: ['interpreterNeeded'] });
export type CitizenBookingRequest = z.infer<typeof citizenBookingRequestSchema>;

/** POST /bookings — an employee or supervisor books at their own KEP for a citizen who phoned. */
export const deskBookingRequestSchema = z
  .object({
    ...bookingFields,
    citizen: z.object({ firstName: z.string().trim().min(1).max(100), lastName: z.string().trim().min(1).max(100), afm: afmSchema }).strict(),
  })
  .strict()
  .refine(deliveryNeedsAddress, { message: 'A postal address is needed when the document goes by post', path: ['postalAddress'] })
  .refine(interpreterOnlyIn3, { message: 'Only category 3 appointments can have a sign-language interpreter', path: ['interpreterNeeded'] });
export type DeskBookingRequest = z.infer<typeof deskBookingRequestSchema>;

/** Whether the confirmation e-mail was queued (it is sent by the hub's mailer, retried like dispatches). */
export const CONFIRMATION_STATES = ['queued', 'no_mail_server'] as const;

export const bookingResponseSchema = z.object({
  appointment: appointmentSchema,
  /** The citizen's link: the call, and until `changeUntil` cancelling or moving the booking. */
  joinUrl: z.string().url(),
  changeUntil: utcInstantSchema,
  confirmation: z.enum(CONFIRMATION_STATES),
});
export type BookingResponse = z.infer<typeof bookingResponseSchema>;

/** GET /booking/me — who is signed in (their own details, from the provider's claims). */
export const citizenIdentitySchema = z.object({
  firstName: z.string().min(1).max(100),
  lastName: z.string().min(1).max(100),
  afm: afmSchema,
});
export type CitizenIdentity = z.infer<typeof citizenIdentitySchema>;

/** GET /booking/manage (the join link as bearer): the booking as its citizen may see and change it. */
export const manageResponseSchema = z.object({
  appointment: appointmentSchema,
  kep: bookableKepSchema,
  service: catalogueServiceSchema,
  changeUntil: utcInstantSchema,
  /** False once `changeUntil` has passed or the booking is no longer `booked`. */
  canChange: z.boolean(),
});
export type ManageResponse = z.infer<typeof manageResponseSchema>;

/** POST /booking/manage/cancel */
export const manageCancelRequestSchema = z.object({ reason: z.string().trim().max(500).optional() }).strict();
/** POST /booking/manage/move — the booking's own KEP and category; the same link keeps working. */
export const manageMoveRequestSchema = z.object({ startsAt: utcInstantSchema }).strict();
/** GET /booking/manage/slots?from&days — free slots for moving this booking. */
export const manageSlotsQuerySchema = slotsQuerySchema.omit({ kepId: true, category: true });
