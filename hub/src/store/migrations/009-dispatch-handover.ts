import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';

/**
 * When a hub process began handing an e-mail dispatch to the mail server, kept until the outcome
 * is recorded. A queued dispatch that still has it when it is claimed again was being sent by a
 * process that stopped (or could not record the outcome): the mail server may or may not have
 * the message, so the hub does not send it again on its own.
 */
export const m009DispatchHandover: Migration<HubDatabase> = {
  version: 9,
  name: 'dispatch-handover',
  up(db) {
    db.exec('ALTER TABLE dispatches ADD COLUMN handed_over_at TEXT;');
  },
};
