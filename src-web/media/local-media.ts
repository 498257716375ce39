import type { DeviceCheck, DeviceResult } from '../../src-shared/protocol/signaling';

export interface DeviceChoice {
  cameraId: string | null;
  microphoneId: string | null;
}

export type LocalMedia = { ok: true; stream: MediaStream; check: DeviceCheck } | { ok: false; check: DeviceCheck };

/** What a getUserMedia failure means for the person in front of the screen. */
export function resultOf(error: unknown): DeviceResult {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  return 'failed';
}

const constraint = (id: string | null): MediaTrackConstraints | true => (id ? { deviceId: { exact: id } } : true);

/**
 * Camera and microphone together; when that fails, each alone, so the check can say which one
 * is the problem (a citizen with no camera can still be told exactly that).
 */
export async function openLocalMedia(choice: DeviceChoice, speaker: DeviceResult = 'untested'): Promise<LocalMedia> {
  const video = { ...(choice.cameraId ? { deviceId: { exact: choice.cameraId } } : {}), width: { ideal: 1280 }, height: { ideal: 720 } };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video, audio: constraint(choice.microphoneId) });
    return { ok: true, stream, check: { camera: 'ok', microphone: 'ok', speaker } };
  } catch (both) {
    const [camera, microphone] = await Promise.all([probe({ video }), probe({ audio: constraint(choice.microphoneId) })]);
    const check = { camera: camera ?? resultOf(both), microphone: microphone ?? resultOf(both), speaker };
    return { ok: false, check: { ...check, camera: check.camera === 'ok' && check.microphone === 'ok' ? resultOf(both) : check.camera } };
  }
}

async function probe(constraints: MediaStreamConstraints): Promise<DeviceResult> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    for (const track of stream.getTracks()) track.stop();
    return 'ok';
  } catch (error) {
    return resultOf(error);
  }
}

export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

export interface MediaDeviceLists {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
  speakers: MediaDeviceInfo[];
}

export async function listDevices(): Promise<MediaDeviceLists> {
  const all = await navigator.mediaDevices.enumerateDevices();
  return {
    cameras: all.filter((d) => d.kind === 'videoinput'),
    microphones: all.filter((d) => d.kind === 'audioinput'),
    speakers: all.filter((d) => d.kind === 'audiooutput'),
  };
}

/** Plays sound through the chosen output where the browser can choose one. */
export async function routeAudio(element: HTMLMediaElement, speakerId: string | null): Promise<void> {
  const sink = element as HTMLMediaElement & { setSinkId?: (id: string) => Promise<void> };
  if (speakerId && sink.setSinkId) await sink.setSinkId(speakerId).catch(() => undefined);
}
