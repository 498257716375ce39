import * as z from 'zod';
import { isValidAfm } from './afm';
import { CATEGORIES, type Category } from './services';

/** Booking data, owned by the hub. The KEP's own work on an appointment lives elsewhere. */
export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'completed', 'no_show', 'failed_verification', 'rescheduled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const DELIVERY_METHODS = ['email', 'inbox', 'post'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export const utcInstantSchema = z.iso.datetime({ offset: false, message: 'Expected a UTC time like 2026-11-30T07:00:00Z' });

export const afmSchema = z.string().refine(isValidAfm, { message: 'Not a valid AFM (9 digits with a correct check digit)' });

export const citizenSchema = z.object({
  firstName: z.string().min(1).max(100),
  lastName: z.string().min(1).max(100),
  afm: afmSchema,
  email: z.email().max(254).nullable(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ]{6,20}$/, 'Not a phone number')
    .nullable(),
  postalAddress: z.string().max(300).nullable(),
});
export type Citizen = z.infer<typeof citizenSchema>;

export const kepIdSchema = z.string().regex(/^[a-z0-9-]{3,64}$/, 'Not a KEP id');

export const appointmentSchema = z
  .object({
    id: z.uuid(),
    kepId: kepIdSchema,
    startsAt: utcInstantSchema,
    endsAt: utcInstantSchema,
    category: z.custom<Category>((v) => (CATEGORIES as readonly unknown[]).includes(v), 'Category must be 1, 2, 3 or 4'),
    serviceCode: z.string().min(1).max(64),
    subject: z.string().max(1000),
    citizen: citizenSchema,
    interpreterNeeded: z.boolean(),
    deliveryMethod: z.enum(DELIVERY_METHODS),
    status: z.enum(APPOINTMENT_STATUSES),
    /** Why it was cancelled or moved, as the supervisor wrote it. */
    statusReason: z.string().max(500).nullable().default(null),
    /** Who made the booking: the citizen online, or an employee (named) for a citizen who phoned; null for imported ones. */
    bookedBy: z
      .object({ via: z.enum(['online', 'desk']), employeeName: z.string().max(200).nullable() })
      .nullable()
      .default(null),
    updatedAt: utcInstantSchema,
  })
  .refine((a) => a.endsAt > a.startsAt, { message: 'An appointment must end after it starts', path: ['endsAt'] })
  .refine((a) => !a.interpreterNeeded || a.category === 3, {
    message: 'Only category 3 appointments can have a sign-language interpreter',
    path: ['interpreterNeeded'],
  });
export type Appointment = z.infer<typeof appointmentSchema>;
