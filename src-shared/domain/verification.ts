/**
 * The identity check done on camera at the start of a call (video-identification practice,
 * adapted to the KEP rule that the camera is needed only for this). Each item is ticked by the
 * employee while the citizen's video is actually arriving.
 */
export const CHECK_ITEMS = [
  'face_visible',
  'id_front_back',
  'security_features',
  'photo_matches',
  'data_matches',
  'document_valid',
  'reason_confirmed',
] as const;
export type CheckItem = (typeof CHECK_ITEMS)[number];

/** Why a check failed or was abandoned; a failure ends the appointment with this reason. */
export const FAIL_REASONS = ['poor_video', 'document_not_accepted', 'data_mismatch', 'citizen_refused', 'technical'] as const;
export type FailReason = (typeof FAIL_REASONS)[number];

/** The citizen's video counts as live when its last statistics, this recent, showed new decoded frames. */
export const LIVE_VIDEO_MAX_AGE_MS = 5000;
