import { describe, expect, it } from 'vitest';
import { FleetReporter } from '../../src-main/fleet/fleet-reporter';
import type { FleetReport } from '../../src-shared/protocol/fleet';
import { failingUpdateReport } from '../support/fleet';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A reporter every 20 ms whose reports are kept as the hub would get them. */
function reporter(): { fleet: FleetReporter; sent: FleetReport[] } {
  const sent: FleetReport[] = [];
  const { sentAt: _sentAt, ...snapshot } = failingUpdateReport();
  const fleet = new FleetReporter({
    snapshot: () => snapshot,
    send: (report) => {
      sent.push(report);
      return Promise.resolve({ clockOffsetMs: 0 });
    },
    now: () => new Date(),
    everyMs: 20,
  });
  return { fleet, sent };
}

describe('the fleet reporter', () => {
  it('reports at start and then on its interval', async () => {
    const { fleet, sent } = reporter();
    await fleet.firstReport();
    expect(sent).toHaveLength(1);
    await sleep(110);
    fleet.stop();
    expect(sent.length).toBeGreaterThan(2);
  });

  it('stays stopped: IT asking for its own report after the desk stopped starts nothing', async () => {
    const { fleet, sent } = reporter();
    await fleet.firstReport();
    fleet.stop();
    const before = sent.length;
    // The fleet view asks for the desk's own first report (fleet.get) as the app closes.
    await fleet.firstReport();
    fleet.changed();
    await sleep(110);
    expect(sent).toHaveLength(before);
  });
});
