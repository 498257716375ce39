import { useEffect, useRef } from 'react';
import { routeAudio } from './local-media';

export interface VideoTileProps {
  stream: MediaStream | null;
  label: string;
  /** The local preview: mirrored and silent. */
  self?: boolean;
  /** Shown over the picture instead of it (camera off, reconnecting…). */
  overlay?: string | null;
  badges?: string[];
  speakerId?: string | null;
  testId?: string;
}

/** One participant's picture and sound, with what others need to know written over it. */
export function VideoTile({ stream, label, self = false, overlay = null, badges = [], speakerId = null, testId }: VideoTileProps): React.JSX.Element {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const element = video.current;
    if (!element || element.srcObject === stream) return;
    element.srcObject = stream;
    if (stream) void element.play().catch(() => undefined);
  }, [stream]);
  useEffect(() => {
    if (video.current && !self) void routeAudio(video.current, speakerId);
  }, [speakerId, self]);
  return (
    <figure className={`tile${self ? ' tile-self' : ''}`} data-testid={testId}>
      <video ref={video} autoPlay playsInline muted={self} aria-label={label} />
      {overlay && (
        <div className="tile-overlay" role="status">
          {overlay}
        </div>
      )}
      <figcaption className="tile-caption">
        <span className="tile-label">{label}</span>
        {badges.map((b) => (
          <span key={b} className="tile-badge">
            {b}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
