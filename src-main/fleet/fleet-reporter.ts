import { createLogger } from '../../src-shared/log';
import type { FleetReport } from '../../src-shared/protocol/fleet';

const log = createLogger('fleet-reporter');

export interface FleetReporterDeps {
  /** How the desk stands now; null while it has no hub to report to. */
  snapshot(): Omit<FleetReport, 'sentAt'> | null;
  /** POST /fleet/report; the hub answers its clock's offset from ours. */
  send(report: FleetReport): Promise<{ clockOffsetMs: number }>;
  now(): Date;
  everyMs: number;
}

/**
 * Tells the hub how this desk stands (version, updater, outbox, audit trail, clock), so IT sees
 * the fleet: at start, every few minutes, and soon after something IT cares about changed. A
 * report that cannot be sent is dropped: the next one says the same, newer.
 */
export class FleetReporter {
  private timer: ReturnType<typeof setInterval> | null = null;
  private soon: ReturnType<typeof setTimeout> | null = null;
  private sending: Promise<void> | null = null;
  private lastOffsetMs: number | null = null;
  private first: Promise<void> | null = null;
  /** Set by stop(): a late caller (fleet.get as the app closes) must not start the reports again. */
  private stopped = false;

  constructor(private readonly deps: FleetReporterDeps) {}

  start(): void {
    if (this.timer || this.stopped) return;
    this.first = this.report();
    this.timer = setInterval(() => void this.report(), this.deps.everyMs);
    this.timer.unref();
  }

  /** Starts the reports if they have not started, and resolves once the first has been sent or dropped. */
  firstReport(): Promise<void> {
    this.start();
    return this.first ?? Promise.resolve();
  }

  /** Something changed (the updater's state): report within a couple of seconds, once for a burst. */
  changed(): void {
    if (this.soon || !this.timer) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      void this.report();
    }, 2000);
    this.soon.unref();
  }

  /** The hub's clock minus ours at the last report, or null before one got through. */
  clockOffsetMs(): number | null {
    return this.lastOffsetMs;
  }

  /** One report, never two at once. */
  report(): Promise<void> {
    this.sending ??= this.sendOnce().finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = null;
    this.soon = null;
  }

  private async sendOnce(): Promise<void> {
    const snapshot = this.deps.snapshot();
    if (!snapshot) return;
    try {
      const { clockOffsetMs } = await this.deps.send({ ...snapshot, sentAt: this.deps.now().toISOString() });
      this.lastOffsetMs = clockOffsetMs;
    } catch (error) {
      log.info('fleet report not sent', { error: String(error) });
    }
  }
}
