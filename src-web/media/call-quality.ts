/** What the employee sees of a connection's health, from getStats. */
export interface CallQuality {
  /** Round-trip time of the active candidate pair, ms. */
  rttMs: number | null;
  /** Share of incoming packets lost since the previous sample, %. */
  lossPercent: number | null;
  kbpsIn: number | null;
  kbpsOut: number | null;
  /** Video frames decoded so far (rises while the remote picture arrives). */
  framesDecoded: number;
  frameWidth: number | null;
  frameHeight: number | null;
  at: number;
}

export type QualityLevel = 'good' | 'fair' | 'poor' | 'unknown';

interface Totals {
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  lost: number;
  at: number;
}

/** Samples one connection; keeps the previous totals to turn counters into rates. */
export class QualitySampler {
  private previous: Totals | null = null;

  async sample(pc: RTCPeerConnection): Promise<CallQuality> {
    const report = await pc.getStats();
    const totals: Totals = { bytesIn: 0, bytesOut: 0, packetsIn: 0, lost: 0, at: Date.now() };
    let rttMs: number | null = null;
    let framesDecoded = 0;
    let frameWidth: number | null = null;
    let frameHeight: number | null = null;
    report.forEach((s: Record<string, unknown> & { type: string }) => {
      if (s.type === 'candidate-pair' && s.nominated && typeof s.currentRoundTripTime === 'number') rttMs = Math.round(s.currentRoundTripTime * 1000);
      if (s.type === 'inbound-rtp') {
        totals.bytesIn += Number(s.bytesReceived ?? 0);
        totals.packetsIn += Number(s.packetsReceived ?? 0);
        totals.lost += Number(s.packetsLost ?? 0);
        if (s.kind === 'video') {
          framesDecoded += Number(s.framesDecoded ?? 0);
          if (typeof s.frameWidth === 'number') frameWidth = s.frameWidth;
          if (typeof s.frameHeight === 'number') frameHeight = s.frameHeight;
        }
      }
      if (s.type === 'outbound-rtp') totals.bytesOut += Number(s.bytesSent ?? 0);
    });
    const before = this.previous;
    this.previous = totals;
    const seconds = before ? (totals.at - before.at) / 1000 : 0;
    const rate = (now: number, then: number): number | null => (before && seconds > 0 ? Math.max(0, Math.round(((now - then) * 8) / 1000 / seconds)) : null);
    const packets = before ? totals.packetsIn - before.packetsIn + (totals.lost - before.lost) : 0;
    return {
      rttMs,
      lossPercent: before && packets > 0 ? Math.round(((totals.lost - before.lost) / packets) * 1000) / 10 : null,
      kbpsIn: rate(totals.bytesIn, before?.bytesIn ?? 0),
      kbpsOut: rate(totals.bytesOut, before?.bytesOut ?? 0),
      framesDecoded,
      frameWidth,
      frameHeight,
      at: totals.at,
    };
  }
}

/** Thresholds after ITU-T G.114 (one-way delay) and common WebRTC practice for loss. */
export function qualityLevel(q: CallQuality | null): QualityLevel {
  if (!q || q.rttMs === null) return 'unknown';
  const loss = q.lossPercent ?? 0;
  if (q.rttMs > 600 || loss > 8) return 'poor';
  if (q.rttMs > 300 || loss > 3) return 'fair';
  return 'good';
}
