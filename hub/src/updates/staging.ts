import { createHash } from 'node:crypto';

/**
 * Whether a workstation is among the `percent` in 100 offered `version`. Its bucket (0–99) comes
 * from the first four bytes of sha256(workstationId + ':' + version): fixed for the pair, so a
 * desk that is in stays in as the percentage rises, and each version picks its early desks anew.
 */
export function isStagedIn(workstationId: string, version: string, percent: number): boolean {
  return stagingBucket(workstationId, version) < percent;
}

export function stagingBucket(workstationId: string, version: string): number {
  return createHash('sha256').update(`${workstationId}:${version}`).digest().readUInt32BE(0) % 100;
}
