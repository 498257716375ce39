/**
 * The signed-in citizen's calls (the session cookie is the credential), each answer checked with
 * the contract's schema (src-shared/protocol/booking.ts).
 */
import {
  bookingKepsResponseSchema,
  bookingResponseSchema,
  catalogueSchema,
  citizenIdentitySchema,
  type CitizenBookingRequest,
  slotsResponseSchema,
} from '../../../src-shared/protocol/booking';
import { callApi } from '../api-client';

/** Searches a month ahead, as the citizen is told. */
export const SLOT_SEARCH_DAYS = 30;

export const fetchMe = (signal?: AbortSignal) => callApi('/booking/me', citizenIdentitySchema, { signal });
export const fetchCatalogue = (signal?: AbortSignal) => callApi('/booking/catalogue', catalogueSchema, { signal });
export const searchKeps = (q: string, signal?: AbortSignal) =>
  callApi(`/booking/keps?${new URLSearchParams(q.trim() ? { q: q.trim() } : {}).toString()}`, bookingKepsResponseSchema, { signal });
export const fetchSlots = (kepId: string, category: number, signal?: AbortSignal) =>
  callApi(`/booking/slots?${new URLSearchParams({ kepId, category: String(category), days: String(SLOT_SEARCH_DAYS) }).toString()}`, slotsResponseSchema, {
    signal,
  });
export const book = (request: CitizenBookingRequest) => callApi('/booking', bookingResponseSchema, { method: 'POST', body: request });

/** POST /book/sign-out: the sign-in handler ends the session and answers with a redirect to /book. */
export async function signOut(): Promise<boolean> {
  try {
    const res = await fetch('/book/sign-out', { method: 'POST', credentials: 'same-origin', redirect: 'manual', cache: 'no-store' });
    return res.ok || res.type === 'opaqueredirect';
  } catch {
    return false;
  }
}

export const SIGN_IN_URL = `/book/sign-in?${new URLSearchParams({ return: '/book' }).toString()}`;
