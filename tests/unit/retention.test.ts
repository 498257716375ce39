import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAppDatabase } from '../../src-main/db/app-database';
import type { SqliteDatabase } from '../../src-main/db/open-database';
import { AppointmentStore } from '../../src-main/appointments/appointment-store';
import { CallFiles } from '../../src-main/call/call-files';
import { CallMessages } from '../../src-main/call/call-messages';
import { CaseRecords } from '../../src-main/case/case-records';
import { CaseDocuments } from '../../src-main/dispatch/case-documents';
import { DispatchStore } from '../../src-main/dispatch/dispatch-store';
import { EventBus } from '../../src-main/ipc/event-bus';
import { type PurgedTables, purgePersonalData } from '../../src-main/retention/retention';
import { OutboxEntries } from '../../src-main/sync/outbox-entries';
import { WorkStore } from '../../src-main/work/work-store';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
const NOW = new Date('2026-12-10T10:00:00Z');

function appointment(id: string, day: string, category: number, status: string): void {
  db.prepare(
    `INSERT INTO appointments VALUES (?, 'kep-a', ?, ?, ?, 'C1-E9', 'θέμα', 'Μαρία', 'Παππά', '123456783',
    'maria@example.com', NULL, NULL, 0, 'email', ?, '2026-11-29T00:00:00.000Z', '2026-11-29T00:00:00.000Z', NULL, NULL, NULL)`,
  ).run(id, `${day}T07:00:00.000Z`, `${day}T07:20:00.000Z`, category, status);
  db.prepare("INSERT INTO appointment_work (appointment_id, notes, updated_at) VALUES (?, 'σημειώσεις', 'x')").run(id);
}

function outbox(key: string, appointmentId: string, state: string, madeAt: string): void {
  db.prepare("INSERT INTO outbox (idempotency_key, actor_id, kind, appointment_id, change, made_at, state) VALUES (?, ?, 'work.notes', ?, ?, ?, ?)").run(
    key,
    'u',
    appointmentId,
    JSON.stringify({ kind: 'work.notes', appointmentId, notes: 'x' }),
    madeAt,
    state,
  );
}

beforeEach(() => {
  dir = makeTempDir();
  db = openAppDatabase(dir.path);
});
afterEach(() => {
  db.close();
  dir.remove();
});

/** The tables' owners over the test's database, as the app builds them. */
function owners(): PurgedTables {
  const events = new EventBus();
  const outbox = new OutboxEntries(db);
  const appointments = new AppointmentStore(db);
  return {
    db,
    appointments,
    work: new WorkStore(db, outbox, appointments),
    outbox,
    callMessages: new CallMessages(db),
    callFiles: new CallFiles(db, events),
    dispatches: new DispatchStore(db, outbox),
    documents: new CaseDocuments(db, events),
    cases: new CaseRecords(db, events, () => NOW),
  };
}

describe('retention of personal data', () => {
  it('purges old appointments into anonymous figures, keeping anything still owed to the hub', () => {
    appointment('old-1', '2026-12-01', 1, 'completed');
    appointment('old-2', '2026-12-01', 1, 'completed');
    appointment('old-3', '2026-12-02', 3, 'no_show');
    appointment('old-pending', '2026-12-02', 2, 'booked');
    appointment('recent', '2026-12-09', 4, 'booked');
    outbox('k-delivered-old', 'old-1', 'delivered', '2026-12-01T08:00:00.000Z');
    outbox('k-pending-old', 'old-pending', 'pending', '2026-12-02T08:00:00.000Z');
    outbox('k-delivered-recent', 'recent', 'delivered', '2026-12-09T08:00:00.000Z');
    const message = db.prepare("INSERT INTO call_messages VALUES (?, ?, 'p1', 'citizen', 'Καλημέρα', ?)");
    message.run('m-old', 'old-1', '2026-12-01T07:05:00.000Z');
    message.run('m-recent', 'recent', '2026-12-09T07:05:00.000Z');
    const file = db.prepare("INSERT INTO call_files VALUES (?, ?, 'citizen', 'id.jpg', 'image/jpeg', 3, 'h', x'FFD8FF', ?)");
    file.run('f-old', 'old-1', '2026-12-01T07:06:00.000Z');
    file.run('f-recent', 'recent', '2026-12-09T07:06:00.000Z');

    expect(purgePersonalData(owners(), 3, NOW)).toEqual({ appointments: 3, outboxEntries: 1, callRecords: 2, documents: 0 });
    expect(db.prepare('SELECT id FROM call_messages UNION ALL SELECT id FROM call_files').all()).toEqual([{ id: 'm-recent' }, { id: 'f-recent' }]);

    expect(db.prepare('SELECT id FROM appointments ORDER BY id').all()).toEqual([{ id: 'old-pending' }, { id: 'recent' }]);
    expect(db.prepare('SELECT appointment_id FROM appointment_work ORDER BY appointment_id').all()).toEqual([
      { appointment_id: 'old-pending' },
      { appointment_id: 'recent' },
    ]);
    expect(db.prepare('SELECT idempotency_key FROM outbox ORDER BY idempotency_key').all()).toEqual([
      { idempotency_key: 'k-delivered-recent' },
      { idempotency_key: 'k-pending-old' },
    ]);
    expect(db.prepare('SELECT date, category, status, count FROM daily_figures ORDER BY date, category').all()).toEqual([
      { date: '2026-12-01', category: 1, status: 'completed', count: 2 },
      { date: '2026-12-02', category: 3, status: 'no_show', count: 1 },
    ]);
    // No personal data is left in the figures.
    expect(JSON.stringify(db.prepare('SELECT * FROM daily_figures').all())).not.toMatch(/Μαρία|123456783|example/);
  });

  it('purges nothing twice and counts each appointment once', () => {
    appointment('old-1', '2026-12-01', 1, 'completed');
    purgePersonalData(owners(), 3, NOW);
    expect(purgePersonalData(owners(), 3, NOW)).toEqual({ appointments: 0, outboxEntries: 0, callRecords: 0, documents: 0 });
    expect(db.prepare('SELECT count FROM daily_figures').get()).toEqual({ count: 1 });
  });
  it('purges old documents and finished dispatches, keeping what is still owed to the citizen or to the hub', () => {
    const doc = db.prepare("INSERT INTO case_documents VALUES (?, 'a1', 'x.pdf', 5, 'h', x'255044462d', ?, 'u')");
    const dispatch = db.prepare(
      "INSERT INTO dispatches (id, appointment_id, channel, state, recipient, created_at, created_by, updated_at) VALUES (?, 'a1', ?, ?, '', ?, 'u', ?)",
    );
    const carries = db.prepare('INSERT INTO dispatch_documents VALUES (?, 0, ?)');
    const old = '2026-12-01T08:00:00.000Z';
    for (const [id, channel, state] of [
      ['sent', 'email', 'delivered'],
      ['to-post', 'post', 'queued'],
      ['failed', 'email', 'failed'],
      ['dismissed', 'email', 'failed'],
      ['in-outbox', 'inbox', 'sent'],
    ] as const) {
      doc.run(`doc-${id}`, old);
      dispatch.run(id, channel, state, old, old);
      carries.run(id, `doc-${id}`);
    }
    db.prepare("UPDATE dispatches SET dismissed_at = ? WHERE id = 'dismissed'").run(old);
    doc.run('doc-loose-old', old);
    doc.run('doc-recent', '2026-12-09T08:00:00.000Z');
    db.prepare(
      "INSERT INTO outbox (idempotency_key, actor_id, kind, lane, appointment_id, dispatch_id, change, made_at) VALUES (?, ?, 'dispatch.retry', 'bulk', 'a1', 'in-outbox', ?, ?)",
    ).run('k-retry', 'u', JSON.stringify({ kind: 'dispatch.retry', dispatchId: 'in-outbox', appointmentId: 'a1' }), old);
    expect(purgePersonalData(owners(), 3, NOW).documents).toBe(5);
    expect(db.prepare('SELECT id FROM dispatches ORDER BY id').all()).toEqual([{ id: 'failed' }, { id: 'in-outbox' }, { id: 'to-post' }]);
    expect(db.prepare('SELECT id FROM case_documents ORDER BY id').all()).toEqual([
      { id: 'doc-failed' },
      { id: 'doc-in-outbox' },
      { id: 'doc-recent' },
      { id: 'doc-to-post' },
    ]);
  });
});
