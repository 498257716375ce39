import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';

/**
 * Tells a rotated refresh token (its reuse means it was copied) from one ended by sign-out
 * (its reuse is only a late request).
 */
export const m003RefreshTokenRotation: Migration<HubDatabase> = {
  version: 3,
  name: 'refresh-token-rotation',
  up(db) {
    db.exec('ALTER TABLE refresh_tokens ADD COLUMN replaced_at TEXT');
  },
};
