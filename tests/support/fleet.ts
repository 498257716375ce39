import type { FleetReport } from '../../src-shared/protocol/fleet';

/** A desk on 1.3.0 whose update to 1.4.0 keeps failing its checksum: the fleet marks it update_error. */
export function failingUpdateReport(at = new Date()): FleetReport {
  return {
    version: '1.3.0',
    platform: 'win',
    channel: 'stable',
    update: { state: 'error', version: '1.4.0', percent: null, message: 'sha512 checksum mismatch', checkedAt: at.toISOString() },
    outbox: { pending: 0, refused: 0 },
    auditTrail: { intact: true, unaudited: 0 },
    sentAt: at.toISOString(),
  };
}

/** POST /api/v1/fleet/report with a workstation's credential; the HTTP status. */
export async function postFleetReport(hubUrl: string, workstationToken: string, report: FleetReport): Promise<number> {
  const res = await fetch(`${hubUrl}/api/v1/fleet/report`, {
    method: 'POST',
    headers: { authorization: `Bearer ${workstationToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(report),
  });
  return res.status;
}
