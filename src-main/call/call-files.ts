import { createHash, randomUUID } from 'node:crypto';
import { type CALL_FILE_TYPES, type CallFile, MAX_CALL_FILE_BYTES } from '../../src-shared/contract/ipc';
import { AppError } from '../../src-shared/errors';
import type { ParticipantRole } from '../../src-shared/protocol/signaling';
import type { SqliteDatabase } from '../db/open-database';
import type { EventBus } from '../ipc/event-bus';

type FileType = (typeof CALL_FILE_TYPES)[number];

/** The first bytes each accepted type must start with: a file is what it contains, not what it is called. */
const SIGNATURES: Record<FileType, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

interface FileRow {
  id: string;
  appointment_id: string;
  from_role: ParticipantRole;
  name: string;
  type: FileType;
  size: number;
  sha256: string;
  received_at: string;
}
const COLUMNS = 'id, appointment_id, from_role, name, type, size, sha256, received_at';
const fromRow = (r: FileRow): CallFile => ({
  id: r.id,
  appointmentId: r.appointment_id,
  fromRole: r.from_role,
  name: r.name,
  type: r.type,
  size: r.size,
  sha256: r.sha256,
  receivedAt: r.received_at,
});

/** Files received during a call, kept with the appointment for its case. */
export class CallFiles {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly events: EventBus,
  ) {}

  save(input: { appointmentId: string; fromRole: ParticipantRole; name: string; type: FileType; data: Buffer }, now: Date): CallFile {
    const { data } = input;
    if (data.length === 0) throw new AppError('invalid_input', 'The file is empty.', { reason: 'call_file.empty' });
    if (data.length > MAX_CALL_FILE_BYTES)
      throw new AppError('invalid_input', `The file is larger than ${MAX_CALL_FILE_BYTES / 1024 / 1024} MB.`, { reason: 'call_file.too_large' });
    if (!SIGNATURES[input.type](data)) throw new AppError('invalid_input', `The file's content is not ${input.type}.`, { reason: 'call_file.wrong_type' });
    const row: FileRow = {
      id: randomUUID(),
      appointment_id: input.appointmentId,
      from_role: input.fromRole,
      // Keep the name for people, never as a path.
      name: [...input.name].map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 ? '_' : c)).join(''),
      type: input.type,
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      received_at: now.toISOString(),
    };
    this.db
      .prepare(`INSERT INTO call_files (${COLUMNS}, data) VALUES (@id, @appointment_id, @from_role, @name, @type, @size, @sha256, @received_at, @data)`)
      .run({ ...row, data });
    this.events.emit('call.filesChanged', { appointmentId: input.appointmentId });
    return fromRow(row);
  }

  list(appointmentId: string): CallFile[] {
    return this.db
      .prepare<[string], FileRow>(`SELECT ${COLUMNS} FROM call_files WHERE appointment_id = ? ORDER BY received_at, id`)
      .all(appointmentId)
      .map(fromRow);
  }

  /** Drops files received before `cutoff`; returns how many went. */
  purgeBefore(cutoff: string): number {
    return this.db.prepare('DELETE FROM call_files WHERE received_at < ?').run(cutoff).changes;
  }

  /** The appointment a file was sent in, or null when there is no such file. */
  appointmentOf(id: string): string | null {
    return this.db.prepare<[string], { appointment_id: string }>('SELECT appointment_id FROM call_files WHERE id = ?').get(id)?.appointment_id ?? null;
  }

  get(id: string): (CallFile & { data: Buffer }) | null {
    const row = this.db.prepare<[string], FileRow & { data: Buffer }>(`SELECT ${COLUMNS}, data FROM call_files WHERE id = ?`).get(id);
    return row ? { ...fromRow(row), data: row.data } : null;
  }
}
