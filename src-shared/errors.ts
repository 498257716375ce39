/**
 * Errors that cross a boundary (IPC, hub API) carry a stable code and a message a person
 * can act on. The code is for programs, the message for people.
 */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_channel',
  'forbidden',
  'unauthorized',
  'not_found',
  'hub_unreachable',
  'hub_error',
  'not_configured',
  'conflict',
  'locked',
  'rate_limited',
  'expired',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Distinct refusals that share a code, each with its own text for people (the renderer shows
 * `error.reason.<reason>`, else `error.<code>`; the English `message` is for logs only).
 */
export const ERROR_REASONS = [
  'verification.pending',
  'verification.failed',
  'video.no_call',
  'video.no_citizen',
  'video.camera_off',
  'video.no_stats',
  'video.frozen',
  'verification.already_passed',
  'verification.already_failed',
  'appointment.not_found',
  'document.not_found',
  'call_file.not_found',
  'dispatch.not_found',
  'call.not_open',
  'call.other_open',
  'call.not_callable',
  'change.not_permitted',
  'change.outcome_channel',
  'no_show.not_recorded',
  'no_show.undo_too_late',
  'no_show.undo_not_yours',
  'booking.ends_before_start',
  'workstation.already_enrolled',
  'workstation.hub_in_config',
  'session.no_actor_key',
  'case.form.unknown',
  'case.form.number',
  'case.form.afm',
  'document.empty',
  'document.too_large',
  'document.not_pdf',
  'document.dispatched',
  'call_file.empty',
  'call_file.too_large',
  'call_file.wrong_type',
  'dispatch.document_twice',
  'dispatch.document_not_attached',
  'dispatch.too_large',
  'dispatch.in_flight',
  'dispatch.newer_in_flight',
  'dispatch.not_post',
  'dispatch.already_posted',
  'dispatch.not_cancellable',
  'dispatch.not_failed',
  'dispatch.no_email',
  'dispatch.no_postal_address',
  'letter.field_too_long',
  'letter.unprintable',
  'letter.field_missing',
  'letter.address_too_long',
  'sync.foreign_appointments',
  'hub.redirected',
  'fleet.offline',
  'stats.offline',
  'stats.no_cache',
  'stats.session_refused',
  'booking.slot_taken',
  'booking.slot_unavailable',
  'booking.no_video_service',
  'booking.unknown_service',
  'booking.too_late_to_change',
  'booking.not_changeable',
  'booking.offline',
] as const;

export type ErrorReason = (typeof ERROR_REASONS)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  reason?: ErrorReason;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly reason?: ErrorReason;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; reason?: ErrorReason }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    if (options?.reason) this.reason = options.reason;
  }

  toInfo(): ErrorInfo {
    return this.reason ? { code: this.code, message: this.message, reason: this.reason } : { code: this.code, message: this.message };
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}
