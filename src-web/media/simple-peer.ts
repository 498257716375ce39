import SimplePeer from 'simple-peer';
import type { MeshPeer } from '../../src-shared/call/peer-mesh';
import type { SignalData } from '../../src-shared/protocol/signaling';

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

export function createPeer(init: { initiator: boolean; iceServers: RTCIceServer[]; stream: MediaStream }): Peer {
  const peer = new SimplePeer({
    initiator: init.initiator,
    stream: init.stream,
    trickle: true,
    config: { iceServers: init.iceServers },
  });
  // Our signal schema is simple-peer's wire format; its typings describe candidates more narrowly.
  return peer as unknown as Peer;
}

/** The browser's RTCPeerConnection behind a peer, for its statistics. */
export const peerConnectionOf = (peer: Peer): RTCPeerConnection | null => (peer as unknown as { _pc?: RTCPeerConnection })._pc ?? null;
