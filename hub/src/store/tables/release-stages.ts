import type { StatementCache } from '../statement-cache';

export interface ReleaseStage {
  channel: string;
  version: string;
  /** Of the channel's workstations, how many in 100 are offered this version. */
  percent: number;
  /** Set to 0 % by a halt (or a rollback past it), until IT stages it again. */
  halted: boolean;
  updatedAt: string;
}

interface Row {
  channel: string;
  version: string;
  percent: number;
  halted: number;
  updatedAt: string;
}

const toStage = (row: Row): ReleaseStage => ({ ...row, halted: row.halted === 1 });

/** Owns `release_stages`: how far each version of a channel is rolled out. */
export class ReleaseStagesTable {
  constructor(private readonly sql: StatementCache) {}

  /** Creates the stage at `percent`, or moves it there. */
  set(channel: string, version: string, percent: number, halted: boolean, at: string): void {
    this.sql
      .prepare(
        `INSERT INTO release_stages (channel, version, percent, halted, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (channel, version) DO UPDATE SET percent = excluded.percent, halted = excluded.halted, updated_at = excluded.updated_at`,
      )
      .run(channel, version, percent, halted ? 1 : 0, at);
  }

  /** Adds a stage at 0 % unless the version has one on the channel already. */
  ensure(channel: string, version: string, at: string): void {
    this.sql
      .prepare('INSERT INTO release_stages (channel, version, percent, halted, updated_at) VALUES (?, ?, 0, 0, ?) ON CONFLICT DO NOTHING')
      .run(channel, version, at);
  }

  get(channel: string, version: string): ReleaseStage | null {
    const row = this.sql
      .prepare<[string, string], Row>('SELECT channel, version, percent, halted, updated_at AS updatedAt FROM release_stages WHERE channel = ? AND version = ?')
      .get(channel, version);
    return row ? toStage(row) : null;
  }

  /** A channel's stages, in no particular order (versions sort by their own rules, src-shared/protocol/version-order.ts). */
  ofChannel(channel: string): ReleaseStage[] {
    return this.sql
      .prepare<[string], Row>('SELECT channel, version, percent, halted, updated_at AS updatedAt FROM release_stages WHERE channel = ?')
      .all(channel)
      .map(toStage);
  }
}
