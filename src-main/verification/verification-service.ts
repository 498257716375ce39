import type { VerificationState } from '../../src-shared/contract/ipc';
import { CHECK_ITEMS, type CheckItem, type FailReason } from '../../src-shared/domain/verification';
import { AppError } from '../../src-shared/errors';
import { createLogger } from '../../src-shared/log';
import type { CallService, VideoLiveness } from '../call/call-service';
import type { SqliteDatabase } from '../db/open-database';
import type { EventBus } from '../ipc/event-bus';

const log = createLogger('verification');

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
 * opens only after the check passed (the channels' `passed_check` need asks `requirePassed`).
 * It announces the state whenever it changes, the citizen's video included.
 */
export class VerificationService {
  constructor(private readonly deps: { db: SqliteDatabase; calls: CallService; events: EventBus; now: () => Date }) {
    const { calls } = deps;
    calls.onCitizenVideo((appointmentId) => this.changed(appointmentId));
    calls.onCallJoined((appointmentId) => void this.tellHub(appointmentId));
  }

  state(appointmentId: string): VerificationState {
    const ticks = this.deps.db
      .prepare<[string], { item: CheckItem; ticked_at: string; actor_id: string }>(
        'SELECT item, ticked_at, actor_id FROM verification_ticks WHERE appointment_id = ? ORDER BY ticked_at, item',
      )
      .all(appointmentId)
      .map((r) => ({ item: r.item, at: r.ticked_at, by: r.actor_id }));
    const outcome = this.deps.db
      .prepare<[string], { outcome: 'passed' | 'failed'; reason: FailReason | null; decided_at: string }>(
        'SELECT outcome, reason, decided_at FROM verification_outcomes WHERE appointment_id = ?',
      )
      .get(appointmentId);
    const video = this.deps.calls.citizenVideo(appointmentId, this.deps.now().getTime());
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
    const video = this.deps.calls.citizenVideo(appointmentId, this.deps.now().getTime());
    if (!video.live) throw new AppError('conflict', NOT_LIVE[video.reason], { reason: `video.${video.reason}` });
    const at = this.deps.now().toISOString();
    const passedNow = this.deps.db.transaction(() => {
      this.deps.db
        .prepare('INSERT INTO verification_ticks (appointment_id, item, ticked_at, actor_id, frames_decoded) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(appointmentId, item, at, actorId, video.framesDecoded);
      const ticked =
        this.deps.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM verification_ticks WHERE appointment_id = ?').get(appointmentId)?.n ?? 0;
      if (ticked < CHECK_ITEMS.length) return false;
      this.deps.db
        .prepare("INSERT INTO verification_outcomes (appointment_id, outcome, reason, decided_at, actor_id) VALUES (?, 'passed', NULL, ?, ?)")
        .run(appointmentId, at, actorId);
      return true;
    })();
    // The frame counts come from the renderer's getStats reports (call.quality): main cannot see
    // the media itself, so the audit says where the evidence came from.
    return { state: this.changed(appointmentId), passedNow, evidence: { source: 'renderer_stats', framesDecoded: video.framesDecoded } };
  }

  fail(appointmentId: string, reason: FailReason, actorId: string): VerificationState {
    this.requireOpen(appointmentId);
    this.deps.db
      .prepare("INSERT INTO verification_outcomes (appointment_id, outcome, reason, decided_at, actor_id) VALUES (?, 'failed', ?, ?, ?)")
      .run(appointmentId, reason, this.deps.now().toISOString(), actorId);
    return this.changed(appointmentId);
  }

  /** The gate of case work and dispatch. */
  requirePassed(appointmentId: string): void {
    const outcome = this.state(appointmentId).outcome;
    if (outcome !== 'passed') {
      throw outcome === 'failed'
        ? new AppError('locked', 'The identity check failed: this case cannot proceed.', { reason: 'verification.failed' })
        : new AppError('locked', 'The case opens once the citizen’s identity check has passed.', { reason: 'verification.pending' });
    }
  }

  /**
   * Tells the hub (and through it the citizen's page, whose camera is forced on until then) that
   * the check passed, if it has not acknowledged it yet. The hub takes it only from a desk in the
   * call, so this runs whenever the desk is in the appointment's call at the hub; the hub stores
   * a pass once, so a pass sent twice does no harm.
   */
  async tellHub(appointmentId: string): Promise<void> {
    const pending = this.deps.db
      .prepare("SELECT 1 FROM verification_outcomes WHERE appointment_id = ? AND outcome = 'passed' AND hub_told_at IS NULL")
      .get(appointmentId);
    if (!pending || !this.deps.calls.isActive(appointmentId)) return;
    try {
      await this.deps.calls.verificationPassed(appointmentId);
      this.deps.db.prepare('UPDATE verification_outcomes SET hub_told_at = ? WHERE appointment_id = ?').run(this.deps.now().toISOString(), appointmentId);
    } catch (error) {
      log.warn('could not tell the hub the check passed; it is told when the desk is next in the call', { appointmentId, error: String(error) });
    }
  }

  private changed(appointmentId: string): VerificationState {
    const state = this.state(appointmentId);
    this.deps.events.emit('verification.changed', state);
    return state;
  }

  private requireOpen(appointmentId: string): void {
    const outcome = this.state(appointmentId).outcome;
    if (outcome)
      throw new AppError('conflict', `The identity check has already ${outcome}.`, {
        reason: outcome === 'passed' ? 'verification.already_passed' : 'verification.already_failed',
      });
  }
}
