/**
 * The citizen's booking as their join link opens it (the link is the bearer, as for the inbox):
 * see it, and until its deadline move it to another free slot or cancel it.
 */
import { manageResponseSchema, slotsResponseSchema } from '../../src-shared/protocol/booking';
import { callApi } from './api-client';

/** Moving looks as far ahead as booking does. */
const MOVE_SEARCH_DAYS = 30;

export const fetchManaged = (token: string, signal?: AbortSignal) => callApi('/booking/manage', manageResponseSchema, { token, signal });
export const fetchMoveSlots = (token: string, signal?: AbortSignal) =>
  callApi(`/booking/manage/slots?days=${MOVE_SEARCH_DAYS}`, slotsResponseSchema, { token, signal });
export const moveBooking = (token: string, startsAt: string) =>
  callApi('/booking/manage/move', manageResponseSchema, { token, method: 'POST', body: { startsAt } });
export const cancelBooking = (token: string, reason: string) =>
  callApi('/booking/manage/cancel', manageResponseSchema, { token, method: 'POST', body: reason.trim() ? { reason: reason.trim() } : {} });
