/**
 * The join token arrives in the address's fragment (`/join#<token>`), which browsers never send
 * to a server. The page keeps it for this tab only (so a reload works), and takes it out of the
 * address bar so it is not shown, bookmarked or shared by accident. The token is opaque: the page
 * only checks that it looks like one (a link cut short by a mail program is the common mistake).
 */
const STORAGE_KEY = 'kep-join-token';
/** The hub's tokens are `payload.signature` in base64url; an HMAC-SHA256 signature is 43 characters. */
const TOKEN_RE = /^([A-Za-z0-9_-]{2,4000})\.[A-Za-z0-9_-]{43}$/;
/** What this tab remembers besides the token: the device check, so a reload goes straight back to waiting. */
const CHECK_KEY = 'kep-device-check';

export type JoinToken = { ok: true; token: string } | { ok: false; reason: 'missing' | 'incomplete' };

/**
 * Whether `text` has the whole shape of a join link's token: both parts, a signature of full
 * length, and a payload that reads as a join claim. A link cut anywhere fails one of these, so the
 * page can say at once that it is incomplete instead of letting the person through the device
 * check to a refusal that names another cause. Only the hub can tell whether it is genuine.
 */
export function isWholeJoinToken(text: string): boolean {
  const match = TOKEN_RE.exec(text);
  if (!match) return false;
  try {
    const payload = (match[1] as string).replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, '='))) as { typ?: unknown } | null;
    return claims?.typ === 'join';
  } catch {
    return false;
  }
}

function readFragment(hash: string): string {
  const raw = hash.replace(/^#/, '').trim();
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function session(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function takeJoinToken(): JoinToken {
  const fromHash = readFragment(window.location.hash);
  if (fromHash) {
    // Out of the address bar, whatever it holds: the page, not the address, carries it now.
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    if (!isWholeJoinToken(fromHash)) return { ok: false, reason: 'incomplete' };
    // Another link in the same tab: what was checked for the last one is asked again.
    if (session()?.getItem(STORAGE_KEY) !== fromHash) session()?.removeItem(CHECK_KEY);
    session()?.setItem(STORAGE_KEY, fromHash);
    return { ok: true, token: fromHash };
  }
  const kept = session()?.getItem(STORAGE_KEY);
  if (kept && isWholeJoinToken(kept)) return { ok: true, token: kept };
  return { ok: false, reason: 'missing' };
}

export interface RememberedCheck {
  speaker: 'ok' | 'failed' | 'untested';
  cameraId: string | null;
  microphoneId: string | null;
  speakerId: string | null;
}

export function rememberCheck(check: RememberedCheck): void {
  try {
    session()?.setItem(CHECK_KEY, JSON.stringify(check));
  } catch {
    // Storage full or off: a reload then starts at the beginning.
  }
}

export function rememberedCheck(): RememberedCheck | null {
  try {
    const value = JSON.parse(session()?.getItem(CHECK_KEY) ?? 'null') as Partial<RememberedCheck> | null;
    if (!value || !['ok', 'failed', 'untested'].includes(String(value.speaker))) return null;
    const id = (v: unknown): string | null => (typeof v === 'string' && v.length <= 512 ? v : null);
    return {
      speaker: value.speaker as RememberedCheck['speaker'],
      cameraId: id(value.cameraId),
      microphoneId: id(value.microphoneId),
      speakerId: id(value.speakerId),
    };
  } catch {
    return null;
  }
}
