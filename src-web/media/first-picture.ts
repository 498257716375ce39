import { scaleFor } from '../../src-shared/call/first-picture-size';

/**
 * The first picture of a call, at once. A video encoder starts at the bandwidth estimator's
 * start rate (~300 kbps), and Chrome's encoder drops the first frames of a picture larger than
 * that rate allows (more than 320×240 below 300 kbps, more than 640×480 below 500 kbps: WebRTC's
 * initial frame dropper) while it asks the camera's frames to shrink: with a 720p camera, about
 * 250 ms of dropped frames before the first one leaves. Measured on a prepared connection: the
 * first frame was encoded 240–280 ms after replaceTrack at full size, 70–160 ms at the size the
 * rate allows; and Chrome's own ramp-up from the dropper's size left the picture at 320 or 480
 * wide for more than 8 s, where following the estimate reached 1280×720 within about a second.
 *
 * So the sender starts at the size its rate allows, and follows the encoder's target bitrate
 * back up to the camera's full size (Chrome's quality scaler and bandwidth adaptation still act
 * within that cap, as in any call).
 */

const FOLLOW_MS = 250;

/**
 * Puts `track` on a negotiated `sender` (no renegotiation); a video track starts at the size the
 * start rate allows and grows with the target bitrate until it is full, the sender's track changes
 * or the connection closes.
 */
export async function sendTrack(pc: RTCPeerConnection, sender: RTCRtpSender, track: MediaStreamTrack): Promise<void> {
  const { width, height } = track.kind === 'video' ? track.getSettings() : {};
  if (!width || !height) return sender.replaceTrack(track);
  const pixels = width * height;
  let scale = scaleFor(pixels, 0);
  if (scale === 1) return sender.replaceTrack(track);
  try {
    await scaleTo(sender, scale);
  } catch {
    // Parameters not settable yet (an offer still being applied): full size from the start.
    return sender.replaceTrack(track);
  }
  await sender.replaceTrack(track);
  void (async () => {
    while (scale > 1) {
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_MS));
      if (pc.signalingState === 'closed' || sender.track !== track) return;
      try {
        const bps = await targetBitrate(sender);
        const next = bps === null ? scale : scaleFor(pixels, bps);
        if (next !== scale) {
          await scaleTo(sender, next);
          scale = next;
        }
      } catch {
        // A connection closing under getStats or setParameters: the next round tells.
      }
    }
  })();
}

async function scaleTo(sender: RTCRtpSender, scale: number): Promise<void> {
  const parameters = sender.getParameters();
  if (parameters.encodings.length === 0) return;
  for (const encoding of parameters.encodings) encoding.scaleResolutionDownBy = scale;
  await sender.setParameters(parameters);
}

/** The encoder's target bitrate for this sender (outbound-rtp `targetBitrate`), null before it has one. */
async function targetBitrate(sender: RTCRtpSender): Promise<number | null> {
  let bps: number | null = null;
  (await sender.getStats()).forEach((s: { type: string; targetBitrate?: number }) => {
    if (s.type === 'outbound-rtp' && typeof s.targetBitrate === 'number') bps = s.targetBitrate;
  });
  return bps;
}
