import type { ChatMessage } from '../../src-shared/protocol/signaling';
import type { SqliteDatabase } from '../db/open-database';

/** The `call_messages` table: a call's chat, kept with its appointment for the case. */
export class CallMessages {
  constructor(private readonly db: SqliteDatabase) {}

  /** Keeps a message once, however often the hub relays it. */
  keep(message: ChatMessage): void {
    this.db
      .prepare('INSERT INTO call_messages (id, appointment_id, from_id, from_role, text, at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
      .run(message.id, message.appointmentId, message.from.id, message.from.role, message.text, message.at);
  }

  list(appointmentId: string): ChatMessage[] {
    return this.db
      .prepare<[string], { id: string; from_id: string; from_role: ChatMessage['from']['role']; text: string; at: string }>(
        'SELECT id, from_id, from_role, text, at FROM call_messages WHERE appointment_id = ? ORDER BY at, rowid',
      )
      .all(appointmentId)
      .map((r) => ({ appointmentId, id: r.id, from: { id: r.from_id, role: r.from_role }, text: r.text, at: r.at }));
  }

  /** Drops the chats of calls held before `cutoff`; returns how many messages went. */
  purgeBefore(cutoff: string): number {
    return this.db.prepare('DELETE FROM call_messages WHERE at < ?').run(cutoff).changes;
  }
}
