import { randomBytes } from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import type { Kep } from '../../../src-shared/protocol/hub-api';
import { hashToken, type HubStore, type Workstation } from '../store/hub-store';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A code IT can type: three groups of four from an alphabet without look-alikes. */
function newCode(): string {
  const chars = Array.from(randomBytes(12), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]);
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

const normalize = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** IT creates a one-time code for a KEP; the code is shown once and stored hashed. */
export function createEnrolmentCode(store: HubStore, kepId: string, ttlHours = 72): { code: string; expiresAt: string } {
  if (!store.getKep(kepId)) throw new AppError('not_found', `There is no KEP with id "${kepId}".`);
  const code = newCode();
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000).toISOString();
  store.enrolmentCodes.insert(hashToken(normalize(code)), kepId, new Date().toISOString(), expiresAt);
  return { code, expiresAt };
}

/** Trades a valid, unused code for a workstation credential, exactly once. */
export function redeemEnrolmentCode(store: HubStore, code: string, label: string): { workstation: Workstation; token: string; kep: Kep } {
  return store.transaction(() => {
    const row = store.enrolmentCodes.find(hashToken(normalize(code)));
    if (!row) throw new AppError('unauthorized', 'This enrolment code is not valid.');
    if (row.used_at) throw new AppError('unauthorized', 'This enrolment code has already been used.');
    if (row.expires_at <= new Date().toISOString()) throw new AppError('expired', 'This enrolment code has expired; ask for a new one.');
    const { workstation, token } = store.addWorkstation(row.kep_id, label);
    store.enrolmentCodes.markUsed(hashToken(normalize(code)), workstation.id, new Date().toISOString());
    const kep = store.getKep(row.kep_id) as Kep;
    return { workstation, token, kep };
  });
}
