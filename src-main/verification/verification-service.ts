import type { CaseRecord, VerificationState } from '../../src-shared/contract/ipc';
import { CHECK_ITEMS, type CheckItem, type FailReason } from '../../src-shared/domain/id-check';
import { describeFormProblem, formProblem } from '../../src-shared/domain/service-forms';
import type { Category } from '../../src-shared/domain/services';
import { AppError } from '../../src-shared/errors';
import type { CallService, VideoLiveness } from '../call/call-service';
import type { SqliteDatabase } from '../db/open-database';

const NOT_LIVE: Record<Exclude<VideoLiveness['reason'], null>, string> = {
  no_call: 'The identity check is done during the call with the citizen.',
  no_citizen: 'The citizen is not in the call.',
  camera_off: 'The citizen’s camera is off; ask them to turn it on.',
  no_stats: 'No video is arriving from the citizen right now.',
  frozen: 'The citizen’s video has stopped; wait until it moves again.',
};

/** What a tick was accepted on: the source of the liveness evidence and what it said. */
export interface TickEvidence {
  source: 'renderer_stats';
  framesDecoded: number;
}

/**
 * The identity check of an appointment, enforced here in main: an item is accepted only while
 * the citizen's video is arriving (from the call's statistics), every tick is time-stamped with
 * who made it and how many frames had been decoded, and the outcome is final. The case record
 * opens only after the check passed: every case handler asks `requirePassed` first.
 */
export class VerificationService {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly calls: CallService,
    private readonly now: () => Date,
  ) {}

  state(appointmentId: string): VerificationState {
    const ticks = this.db
      .prepare<[string], { item: CheckItem; ticked_at: string; actor_id: string }>('SELECT item, ticked_at, actor_id FROM id_check_ticks WHERE appointment_id = ? ORDER BY ticked_at, item')
      .all(appointmentId)
      .map((r) => ({ item: r.item, at: r.ticked_at, by: r.actor_id }));
    const outcome = this.db
      .prepare<[string], { outcome: 'passed' | 'failed'; reason: FailReason | null; decided_at: string }>('SELECT outcome, reason, decided_at FROM id_check_outcomes WHERE appointment_id = ?')
      .get(appointmentId);
    const video = this.calls.citizenVideo(appointmentId, this.now().getTime());
    return {
      appointmentId,
      ticks,
      outcome: outcome?.outcome ?? null,
      reason: outcome?.reason ?? null,
      decidedAt: outcome?.decided_at ?? null,
      video: { live: video.live, reason: video.reason },
    };
  }

  /** Ticks one item; passes the check when it was the last one. Returns whether it passed now. */
  tick(appointmentId: string, item: CheckItem, actorId: string): { state: VerificationState; passedNow: boolean; evidence: TickEvidence } {
    this.requireOpen(appointmentId);
    const video = this.calls.citizenVideo(appointmentId, this.now().getTime());
    if (!video.live) throw new AppError('conflict', NOT_LIVE[video.reason], { reason: `video.${video.reason}` });
    const at = this.now().toISOString();
    const passedNow = this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO id_check_ticks (appointment_id, item, ticked_at, actor_id, frames_decoded) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(appointmentId, item, at, actorId, video.framesDecoded);
      const ticked = this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM id_check_ticks WHERE appointment_id = ?').get(appointmentId)?.n ?? 0;
      if (ticked < CHECK_ITEMS.length) return false;
      this.db.prepare("INSERT INTO id_check_outcomes (appointment_id, outcome, reason, decided_at, actor_id) VALUES (?, 'passed', NULL, ?, ?)").run(appointmentId, at, actorId);
      return true;
    })();
    // The frame counts come from the renderer's getStats reports (call.quality): main cannot see
    // the media itself, so the audit says where the evidence came from.
    return { state: this.state(appointmentId), passedNow, evidence: { source: 'renderer_stats', framesDecoded: video.framesDecoded } };
  }

  fail(appointmentId: string, reason: FailReason, actorId: string): VerificationState {
    this.requireOpen(appointmentId);
    this.db
      .prepare("INSERT INTO id_check_outcomes (appointment_id, outcome, reason, decided_at, actor_id) VALUES (?, 'failed', ?, ?, ?)")
      .run(appointmentId, reason, this.now().toISOString(), actorId);
    return this.state(appointmentId);
  }

  /** The gate of case work and dispatch. */
  requirePassed(appointmentId: string): void {
    const outcome = this.state(appointmentId).outcome;
    if (outcome !== 'passed') {
      throw outcome === 'failed'
        ? new AppError('locked', 'The identity check failed: this case cannot proceed.', { reason: 'id_check.failed' })
        : new AppError('locked', 'The case opens once the citizen’s identity check has passed.', { reason: 'id_check.pending' });
    }
  }

  caseRecord(appointmentId: string): CaseRecord {
    this.requirePassed(appointmentId);
    const row = this.db
      .prepare<[string], { protocol_number: string; actions: string; notes: string; form_data: string; status: CaseRecord['status']; updated_at: string }>('SELECT * FROM case_records WHERE appointment_id = ?')
      .get(appointmentId);
    return row
      ? {
          appointmentId,
          protocolNumber: row.protocol_number,
          actions: JSON.parse(row.actions) as string[],
          notes: row.notes,
          formData: JSON.parse(row.form_data) as Record<string, string>,
          status: row.status,
          updatedAt: row.updated_at,
        }
      : { appointmentId, protocolNumber: '', actions: [], notes: '', formData: {}, status: 'in_progress', updatedAt: null };
  }

  saveCase(record: Omit<CaseRecord, 'updatedAt'>, category: Category, actorId: string): CaseRecord {
    this.requirePassed(record.appointmentId);
    const problem = formProblem(category, record.formData);
    if (problem) throw new AppError('invalid_input', describeFormProblem(problem));
    this.db
      .prepare(
        `INSERT INTO case_records (appointment_id, protocol_number, actions, notes, form_data, status, updated_at, updated_by, awaiting_since)
         VALUES (@id, @protocolNumber, @actions, @notes, @formData, @status, @at, @actorId, CASE WHEN @status = 'awaiting_document' THEN @at END)
         ON CONFLICT (appointment_id) DO UPDATE SET protocol_number = excluded.protocol_number, actions = excluded.actions, notes = excluded.notes,
           form_data = excluded.form_data, status = excluded.status, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
           -- Only a dispatch made since the case began to wait fulfils it; editing the case meanwhile keeps the time.
           awaiting_since = CASE WHEN excluded.status != 'awaiting_document' THEN NULL
                                 WHEN case_records.status = 'awaiting_document' THEN case_records.awaiting_since
                                 ELSE excluded.awaiting_since END`,
      )
      .run({
        id: record.appointmentId,
        protocolNumber: record.protocolNumber,
        actions: JSON.stringify(record.actions),
        notes: record.notes,
        formData: JSON.stringify(record.formData),
        status: record.status,
        at: this.now().toISOString(),
        actorId,
      });
    return this.caseRecord(record.appointmentId);
  }

  private requireOpen(appointmentId: string): void {
    const outcome = this.state(appointmentId).outcome;
    if (outcome) throw new AppError('conflict', `The identity check has already ${outcome === 'passed' ? 'passed' : 'failed'}.`);
  }
}
