import { formatAthensDate } from '../../../src-shared/domain/athens-time';
import { type FleetDesk, type FleetReport, fleetReportSchema, type FleetResponse } from '../../../src-shared/protocol/fleet';
import type { HubStore } from '../store/hub-store';
import { channelOf, currentOfChannel, offerFor } from '../updates/offer';

/** When a desk needs IT's eye (PROTOCOL.md §10.6 lists them for a person). */
export const ATTENTION_THRESHOLDS = {
  /** No report for this long: `not_seen` (a desk that never reported is not seen either). */
  notSeenMs: 24 * 3600_000,
  /** Checking, downloading or installing since its last check this long ago: `update_stuck`. */
  stuckMs: 2 * 3600_000,
  /** Running another version than the one offered to it for this long: `behind`. */
  behindMs: 24 * 3600_000,
  /** This many changes waiting in its outbox: `outbox_backlog`. */
  outboxBacklog: 25,
  /** Its clock this far from the hub's, either way: `clock_off`. */
  clockOffMs: 60_000,
} as const;

/** How many days of adoption the fleet view shows, today included. */
export const ADOPTION_DAYS = 30;

const BUSY_STATES: readonly string[] = ['checking', 'downloading', 'installing'];

/** The fleet of one KEP, as its IT staff see it: each desk with its last report, and adoption over time. */
export function fleetOf(store: HubStore, kepId: string, now = new Date()): FleetResponse {
  const channel = channelOf(store, kepId);
  const reports = new Map(store.fleetReports.ofKep(kepId).map((row) => [row.workstationId, row]));
  const desks = store.workstations.listOfKep(kepId).map((workstation): FleetDesk => {
    const row = reports.get(workstation.id);
    // Stored only after validation; parsed again so a report of an older shape cannot leak through.
    const parsed = row ? fleetReportSchema.safeParse(JSON.parse(row.report)) : null;
    const report = parsed?.success ? parsed.data : null;
    const desk = {
      workstationId: workstation.id,
      label: workstation.label,
      lastSeenAt: row?.receivedAt ?? null,
      report,
      clockOffsetMs: row?.clockOffsetMs ?? null,
    };
    const offered = report ? offerFor(store, kepId, workstation.id, report.platform) : null;
    return { ...desk, attention: attentionOf(desk, offered, now) };
  });
  const since = formatAthensDate(new Date(now.getTime() - (ADOPTION_DAYS - 1) * 86_400_000));
  return { kepId, channel, current: currentOfChannel(store, channel), desks, adoption: store.fleetAdoption.countsOfKep(kepId, since) };
}

function attentionOf(
  desk: { lastSeenAt: string | null; report: FleetReport | null; clockOffsetMs: number | null },
  offered: { version: string; since: string } | null,
  now: Date,
): FleetDesk['attention'] {
  const age = (iso: string): number => now.getTime() - Date.parse(iso);
  const reasons: FleetDesk['attention'] = [];
  if (!desk.lastSeenAt || age(desk.lastSeenAt) > ATTENTION_THRESHOLDS.notSeenMs) reasons.push('not_seen');
  const { report } = desk;
  if (!report || !desk.lastSeenAt) return reasons;
  if (report.update.state === 'error') reasons.push('update_error');
  if (BUSY_STATES.includes(report.update.state) && age(report.update.checkedAt ?? desk.lastSeenAt) > ATTENTION_THRESHOLDS.stuckMs) reasons.push('update_stuck');
  if (offered && offered.version !== report.version && age(offered.since) > ATTENTION_THRESHOLDS.behindMs) reasons.push('behind');
  if (!report.auditTrail.intact) reasons.push('audit_broken');
  if (report.outbox.refused > 0) reasons.push('outbox_refused');
  if (report.outbox.pending >= ATTENTION_THRESHOLDS.outboxBacklog) reasons.push('outbox_backlog');
  if (desk.clockOffsetMs !== null && Math.abs(desk.clockOffsetMs) > ATTENTION_THRESHOLDS.clockOffMs) reasons.push('clock_off');
  return reasons;
}
