import SimplePeer from 'simple-peer';
import type { MeshPeer } from '../../src-shared/call/peer-mesh';
import type { SignalData } from '../../src-shared/protocol/signaling';
import { sendTrack } from './first-picture';

/**
 * simple-peer, as both bundles load it: the build aliases 'simple-peer' to its self-contained
 * browser bundle, since its package entry needs Node globals. Its own public STUN servers are
 * never used: the hub's ICE servers are always passed.
 */
export interface Peer extends MeshPeer {
  on(event: 'signal', listener: (data: SignalData) => void): unknown;
  on(event: 'connect' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'stream', listener: (stream: MediaStream) => void): unknown;
  on(event: 'data', listener: (data: Uint8Array | string) => void): unknown;
  write(chunk: Uint8Array, callback: (error?: Error | null) => void): boolean;
  readonly destroyed: boolean;
}

const KINDS = ['audio', 'video'] as const;

/**
 * A peer sending `stream`; or, with none, a prepared one (PROTOCOL.md §5.2a): an audio and a
 * video transceiver negotiated both ways but no track on either sender, so ICE and DTLS are done
 * and no media flows until startTracks. simple-peer has no way to negotiate a transceiver without
 * a track from the answering side, so its RTCPeerConnection is reached directly for that.
 */
export function createPeer(init: {
  initiator: boolean;
  iceServers: RTCIceServer[];
  stream: MediaStream | null;
  /** What the call sends by the time the other side's offer arrives: a prepared peer admitted meanwhile sends it at once. */
  sendingNow?: () => MediaStream | null;
}): Peer {
  const peer = new SimplePeer({
    initiator: init.initiator,
    ...(init.stream ? { stream: init.stream } : {}),
    trickle: true,
    config: { iceServers: init.iceServers },
  });
  const pc = init.stream ? null : peerConnectionOf(peer as unknown as Peer);
  if (pc) {
    // One stream id for both tracks, so the other side's simple-peer announces them as one stream.
    const label = new MediaStream();
    // simple-peer offers in a microtask: transceivers added now are in its first offer.
    if (init.initiator) for (const kind of KINDS) pc.addTransceiver(kind, { direction: 'sendrecv', streams: [label] });
    // The offer's transceivers arrive here before simple-peer answers: sendrecv, so the later
    // replaceTrack needs no new negotiation.
    else
      pc.addEventListener('track', ({ transceiver }) => {
        transceiver.direction = 'sendrecv';
        transceiver.sender.setStreams(label);
        // Admitted between the offer's arrival and this transceiver: startTracks found none to fill.
        const track = init
          .sendingNow?.()
          ?.getTracks()
          .find((t) => t.kind === transceiver.receiver.track.kind);
        if (track && !transceiver.sender.track) void sendTrack(pc, transceiver.sender, track).catch(() => undefined);
      });
  }
  // Our signal schema is simple-peer's wire format; its typings describe candidates more narrowly.
  return peer as unknown as Peer;
}

/**
 * Starts sending on a prepared peer: each negotiated sender gets the stream's track of its kind
 * (no renegotiation; video starting small, first-picture.ts). A sender that has a track keeps it.
 */
export async function startTracks(peer: Peer, stream: MediaStream): Promise<void> {
  const pc = peerConnectionOf(peer);
  if (!pc || pc.signalingState === 'closed') return;
  await Promise.all(
    pc.getTransceivers().map((transceiver) => {
      const track = stream.getTracks().find((t) => t.kind === transceiver.receiver.track.kind);
      return track && !transceiver.sender.track ? sendTrack(pc, transceiver.sender, track) : undefined;
    }),
  );
}

/** The browser's RTCPeerConnection behind a peer, for its statistics. */
export const peerConnectionOf = (peer: Peer): RTCPeerConnection | null => (peer as unknown as { _pc?: RTCPeerConnection })._pc ?? null;
