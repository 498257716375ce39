/**
 * WebRTC's initial frame dropper: below this encoder target bitrate, frames of more pixels are
 * dropped at the start of a stream (why a call's first picture starts small: src-web/media/first-picture.ts).
 */
const LIMITS = [
  { belowBps: 300_000, pixels: 320 * 240 },
  { belowBps: 500_000, pixels: 640 * 480 },
] as const;

/**
 * The scaleResolutionDownBy that keeps a picture of `pixels` within what `targetBps` allows; 1
 * once the rate allows any size. Rounded up to a quarter, so that the encoder's rounding of the
 * scaled size cannot take it past the limit.
 */
export function scaleFor(pixels: number, targetBps: number): number {
  const limit = LIMITS.find((l) => targetBps < l.belowBps);
  if (!limit || pixels <= limit.pixels) return 1;
  return Math.ceil(Math.sqrt(pixels / limit.pixels) * 4) / 4;
}
