import { formatAthensDate } from '../../../src-shared/domain/athens-time';
import type { FleetReport } from '../../../src-shared/protocol/fleet';
import type { HubStore, Workstation } from '../store/hub-store';

/**
 * Keeps a desk's report as its last, with the offset of its clock from the hub's (the hub's
 * clock minus the desk's `sentAt`: network time included, so a few hundred ms mean nothing),
 * and counts its version for the day's adoption.
 */
export function recordFleetReport(store: HubStore, workstation: Workstation, report: FleetReport, now = new Date()): { clockOffsetMs: number } {
  const clockOffsetMs = Math.round(now.getTime() - Date.parse(report.sentAt));
  store.transaction(() => {
    store.fleetReports.put({ workstationId: workstation.id, report: JSON.stringify(report), receivedAt: now.toISOString(), clockOffsetMs });
    store.fleetAdoption.record(formatAthensDate(now), workstation.id, report.version);
  });
  return { clockOffsetMs };
}
