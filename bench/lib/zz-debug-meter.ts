import { type LatencySummary, summarize } from './stats';

/** Sends one signal tagged `seq` from one member of a pair to the other. */
export type Sender = (seq: number) => void;

export interface RelayOptions {
  /** Signals per second across all pairs. */
  ratePerSecond: number;
  durationMs: number;
  /** How long to wait after the last send for stragglers before counting them lost. */
  drainMs: number;
  tickMs?: number;
}

export interface RelayResult {
  sent: number;
  delivered: number;
  /** Refused by the server's ack (e.g. rate-limited). */
  refused: number;
  /** Refusals by the reason the server gave. */
  refusedBy: Record<string, number>;
  /** Neither delivered nor refused by the end of the drain. */
  lost: number;
  /** Signals actually sent per second (below the target when the sending loop falls behind). */
  achievedRate: number;
  latencyMs: LatencySummary;
}

/**
 * Sends signals at a fixed total rate, round-robin over the senders, and times each from its
 * send to its arrival, both seen in this process. Receivers report arrivals with `arrived`;
 * arrivals from an earlier run (a warm-up) are ignored.
 */
export class RelayMeter {
  private sentAt = new Map<number, number>();
  private latencies: number[] = [];
  private refusals = new Map<string, number>();
  private nextSeq = 0;
  slow: [number, number][] = [];

  arrived(seq: number): void {
    const at = this.sentAt.get(seq);
    if (at === undefined) return;
    this.sentAt.delete(seq);
    this.latencies.push(performance.now() - at);
    if (performance.now() - at > 20) this.slow.push([Math.round(at), Math.round(performance.now() - at)]);
  }

  refused(seq: number, reason: string): void {
    if (this.sentAt.delete(seq)) this.refusals.set(reason, (this.refusals.get(reason) ?? 0) + 1);
  }

  async run(senders: readonly Sender[], options: RelayOptions): Promise<RelayResult> {
    if (senders.length === 0) throw new Error('There is no pair to relay between.');
    this.sentAt.clear();
    this.latencies = [];
    this.refusals.clear();
    const total = Math.round((options.ratePerSecond * options.durationMs) / 1000);
    const started = performance.now();
    let sent = 0;
    await new Promise<void>((done) => {
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - started) * options.ratePerSecond) / 1000));
        for (; sent < due; sent += 1) {
          const seq = this.nextSeq++;
          this.sentAt.set(seq, performance.now());
          (senders[sent % senders.length] as Sender)(seq);
        }
        if (sent >= total) {
          clearInterval(timer);
          done();
        }
      }, options.tickMs ?? 5);
    });
    const sendSeconds = (performance.now() - started) / 1000;
    const drainUntil = performance.now() + options.drainMs;
    while (this.sentAt.size > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
    const lost = this.sentAt.size;
    this.sentAt.clear();
    return {
      sent,
      delivered: this.latencies.length,
      refused: [...this.refusals.values()].reduce((sum, n) => sum + n, 0),
      refusedBy: Object.fromEntries(this.refusals),
      lost,
      achievedRate: sent / sendSeconds,
      latencyMs: summarize(this.latencies),
    };
  }
}
