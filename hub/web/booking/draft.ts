/**
 * What the citizen has entered so far, kept for this tab (sessionStorage) so that nothing is lost
 * when the sign-in expires and they go through TAXISnet again, or reload. Never their name or
 * AFM: those come from the sign-in each time.
 */
import * as z from 'zod';
import { bookableKepSchema } from '../../../src-shared/protocol/booking';
import { DELIVERY_METHODS } from '../../../src-shared/domain/appointment';

const STORAGE_KEY = 'kep-booking-draft';

export const BOOKING_STEPS = [1, 2, 3, 4, 5] as const;
export type BookingStep = (typeof BOOKING_STEPS)[number];

const draftSchema = z.object({
  step: z.union(BOOKING_STEPS.map((n) => z.literal(n))),
  kep: bookableKepSchema.nullable(),
  category: z.number().int().min(1).max(4).nullable(),
  interpreterNeeded: z.boolean().nullable(),
  serviceCode: z.string().max(64),
  description: z.string().max(1000),
  day: z.string().max(10).nullable(),
  startsAt: z.string().max(40).nullable(),
  email: z.string().max(254),
  phone: z.string().max(20),
  deliveryMethod: z.enum(DELIVERY_METHODS),
  postalAddress: z.string().max(300),
});
export type Draft = z.infer<typeof draftSchema>;

export const EMPTY_DRAFT: Draft = {
  step: 1,
  kep: null,
  category: null,
  interpreterNeeded: null,
  serviceCode: '',
  description: '',
  day: null,
  startsAt: null,
  email: '',
  phone: '',
  deliveryMethod: 'email',
  postalAddress: '',
};

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function loadDraft(): Draft {
  try {
    const parsed = draftSchema.safeParse(JSON.parse(storage()?.getItem(STORAGE_KEY) ?? 'null'));
    return parsed.success ? parsed.data : EMPTY_DRAFT;
  } catch {
    return EMPTY_DRAFT;
  }
}

export function saveDraft(draft: Draft): void {
  try {
    storage()?.setItem(STORAGE_KEY, JSON.stringify(draft));
  } catch {
    // Storage full or off: the draft lives only as long as the page then.
  }
}

export function clearDraft(): void {
  try {
    storage()?.removeItem(STORAGE_KEY);
  } catch {
    // Nothing kept to clear.
  }
}
