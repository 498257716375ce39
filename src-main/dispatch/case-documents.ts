import { createHash, randomUUID } from 'node:crypto';
import type { CaseDocument } from '../../src-shared/contract/ipc';
import { MAX_DOCUMENT_BYTES } from '../../src-shared/protocol/limits';
import { AppError } from '../../src-shared/errors';
import type { SqliteDatabase } from '../db/open-database';
import type { EventBus } from '../ipc/event-bus';

interface DocumentRow {
  id: string;
  appointment_id: string;
  name: string;
  size: number;
  sha256: string;
  added_at: string;
  dispatched: number;
}

/** A document counts as dispatched once a dispatch that has not failed carries it. */
const DISPATCHED = `EXISTS (SELECT 1 FROM dispatch_documents dd JOIN dispatches d ON d.id = dd.dispatch_id
  WHERE dd.document_id = case_documents.id AND d.state NOT IN ('failed', 'expired')) AS dispatched`;
const COLUMNS = `id, appointment_id, name, size, sha256, added_at, ${DISPATCHED}`;

const fromRow = (r: DocumentRow): CaseDocument => ({
  id: r.id,
  appointmentId: r.appointment_id,
  name: r.name,
  size: r.size,
  sha256: r.sha256,
  addedAt: r.added_at,
  dispatched: r.dispatched === 1,
});

/** A PDF is what its bytes say, not what its name says; a name is kept for people, never used as a path. */
function checkPdf(data: Buffer): void {
  if (data.length === 0) throw new AppError('invalid_input', 'The document is empty.', { reason: 'document.empty' });
  if (data.length > MAX_DOCUMENT_BYTES)
    throw new AppError('invalid_input', `The document is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`, { reason: 'document.too_large' });
  if (data.subarray(0, 5).toString('latin1') !== '%PDF-')
    throw new AppError('invalid_input', 'Only PDF documents can be sent; this file is not a PDF.', { reason: 'document.not_pdf' });
}

/** Ends in .pdf, within the 200 characters the hub takes for a name (cut at a whole character). */
function pdfName(name: string): string {
  if (/\.pdf$/i.test(name)) return name;
  const chars = [...name];
  while (chars.join('').length > 196) chars.pop();
  return `${chars.join('')}.pdf`;
}

/**
 * The documents a KEP issues for an appointment's case, kept at the desk until they are sent.
 * What is attached decides what can be dispatched: a change is announced as the dispatches'.
 */
export class CaseDocuments {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly events: EventBus,
  ) {}

  attach(input: { appointmentId: string; name: string; data: Buffer }, actorId: string, now: Date): CaseDocument {
    checkPdf(input.data);
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO case_documents (id, appointment_id, name, size, sha256, data, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        id,
        input.appointmentId,
        pdfName(input.name),
        input.data.length,
        createHash('sha256').update(input.data).digest('hex'),
        input.data,
        now.toISOString(),
        actorId,
      );
    this.events.emit('dispatch.changed', { appointmentId: input.appointmentId });
    return this.get(id)!;
  }

  list(appointmentId: string): CaseDocument[] {
    return this.db
      .prepare<[string], DocumentRow>(`SELECT ${COLUMNS} FROM case_documents WHERE appointment_id = ? ORDER BY added_at, id`)
      .all(appointmentId)
      .map(fromRow);
  }

  get(id: string): CaseDocument | null {
    const row = this.db.prepare<[string], DocumentRow>(`SELECT ${COLUMNS} FROM case_documents WHERE id = ?`).get(id);
    return row ? fromRow(row) : null;
  }

  data(id: string): Buffer {
    const row = this.db.prepare<[string], { data: Buffer }>('SELECT data FROM case_documents WHERE id = ?').get(id);
    if (!row) throw new AppError('not_found', 'There is no such document.', { reason: 'document.not_found' });
    return row.data;
  }

  /** Drops documents added before `cutoff`, but those to `keep`; returns how many went. */
  purgeBefore(cutoff: string, keep: ReadonlySet<string>): number {
    return this.db
      .prepare('DELETE FROM case_documents WHERE added_at < ? AND id NOT IN (SELECT value FROM json_each(?))')
      .run(cutoff, JSON.stringify([...keep])).changes;
  }

  /** Removes a document attached by mistake; one already on its way stays with its dispatch. */
  remove(id: string): void {
    const doc = this.get(id);
    if (!doc) throw new AppError('not_found', 'There is no such document.', { reason: 'document.not_found' });
    const used = this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM dispatch_documents WHERE document_id = ?').get(id)?.n ?? 0;
    if (used > 0) throw new AppError('conflict', 'This document is part of a dispatch and stays on record.', { reason: 'document.dispatched' });
    this.db.prepare('DELETE FROM case_documents WHERE id = ?').run(id);
    this.events.emit('dispatch.changed', { appointmentId: doc.appointmentId });
  }
}
