import type { DeviceCheck, DeviceResult } from '../../src-shared/protocol/signaling';
import { type DeviceChoice, openLocalMedia, resultOf } from '../../src-web/media/local-media';

export interface AcquiredMedia {
  /** What could be opened: camera and microphone, one of them, or nothing. */
  stream: MediaStream | null;
  check: DeviceCheck;
}

/** Whether this browser can capture at all (not in an insecure page, not in an old browser). */
export function mediaSupport(): 'ok' | 'insecure' | 'unsupported' {
  if (!window.isSecureContext) return 'insecure';
  if (!navigator.mediaDevices?.getUserMedia || typeof RTCPeerConnection === 'undefined') return 'unsupported';
  return 'ok';
}

/**
 * Opens the camera and the microphone for the check and the call. When only one of them works,
 * that one is opened alone: a citizen without a camera can still talk to the employee.
 */
export async function acquireMedia(choice: DeviceChoice, speaker: DeviceResult): Promise<AcquiredMedia> {
  if (mediaSupport() !== 'ok') return { stream: null, check: { camera: 'failed', microphone: 'failed', speaker } };
  const opened = await openLocalMedia(choice, speaker);
  if (opened.ok) return { stream: opened.stream, check: opened.check };
  const { camera, microphone } = opened.check;
  if (camera !== 'ok' && microphone !== 'ok') return { stream: null, check: opened.check };
  const device = (id: string | null): MediaTrackConstraints => (id ? { deviceId: { exact: id } } : {});
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      video: camera === 'ok' ? { ...device(choice.cameraId), width: { ideal: 1280 }, height: { ideal: 720 } } : false,
      audio: microphone === 'ok' ? (choice.microphoneId ? device(choice.microphoneId) : true) : false,
    });
    return { stream, check: opened.check };
  } catch (error) {
    const failed = resultOf(error);
    return { stream: null, check: { camera: camera === 'ok' ? failed : camera, microphone: microphone === 'ok' ? failed : microphone, speaker } };
  }
}
