import type { StatementCache } from '../statement-cache';

export interface ChannelRollback {
  channel: string;
  version: string;
  setAt: string;
}

/** Owns `channel_rollbacks`: the channels IT rolled back, and to which version. */
export class ChannelRollbacksTable {
  constructor(private readonly sql: StatementCache) {}

  set(channel: string, version: string, at: string): void {
    this.sql
      .prepare(
        'INSERT INTO channel_rollbacks (channel, version, set_at) VALUES (?, ?, ?) ON CONFLICT (channel) DO UPDATE SET version = excluded.version, set_at = excluded.set_at',
      )
      .run(channel, version, at);
  }

  get(channel: string): ChannelRollback | null {
    return (
      this.sql.prepare<[string], ChannelRollback>('SELECT channel, version, set_at AS setAt FROM channel_rollbacks WHERE channel = ?').get(channel) ?? null
    );
  }

  clear(channel: string): void {
    this.sql.prepare('DELETE FROM channel_rollbacks WHERE channel = ?').run(channel);
  }
}
