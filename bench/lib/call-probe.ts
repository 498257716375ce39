/**
 * The in-page probe of bench:call: notes, in the page's own clock (performance.now()), the steps
 * between the start of a call and the first picture of the other side, the same way in the desk
 * app and in the bare baseline page, so the two are measured alike.
 *
 * Strings, not functions: a function would be compiled by tsx (its helpers would be missing in
 * the page), and the renderer's CSP forbids string evaluation anyway; an init script is not eval.
 */

/** What the probe holds for the current call; null where the step has not happened (yet). */
export interface CallProbeState {
  /** The start: the click on "start call" (app), or the start of the offer (baseline). */
  startAt: number | null;
  /** getUserMedia asked / answered (the app opens the camera after the click). */
  gumStartAt: number | null;
  gumEndAt: number | null;
  /** The first RTCPeerConnection made after the start. */
  pcAt: number | null;
  /** setLocalDescription(offer) called / setRemoteDescription(answer) called on it. */
  offerAt: number | null;
  answerAt: number | null;
  /** The desk's WebSocket sending "call.open" (to the app's main process; the baseline has none). */
  openOutAt: number | null;
  /**
   * The page's WebSocket sending the offer (the desk's bridge to the app's main process; the
   * baseline's Socket.IO connection to the hub) / receiving the answer.
   */
  offerOutAt: number | null;
  answerInAt: number | null;
  /** Its ICE connection state first "connected". */
  iceAt: number | null;
  /** Its connection state first "connected" (ICE and DTLS done: media may flow). */
  dtlsAt: number | null;
  /** Its first remote track. */
  trackAt: number | null;
  /** Its data channel open (simple-peer's "connect"; the baseline has none). */
  channelAt: number | null;
  /** A remote stream set as a remote video element's srcObject. */
  srcAt: number | null;
  /** When the last packet of that first frame arrived (the frame callback's receiveTime, WebRTC only). */
  receivedAt: number | null;
  /** That element's first video frame presented (requestVideoFrameCallback's `now`). */
  frameAt: number | null;
  /** Its videoWidth first above 0 (loadedmetadata / resize), the fallback when frames are not reported. */
  sizeAt: number | null;
  width: number;
  height: number;
  /** The page's long tasks (main thread busy > 50 ms) since the start: [start, duration]. */
  longTasks: Array<[number, number]>;
  /** performance.timeOrigin of the page (epoch ms), to compare its times with another page's. */
  origin: number;
}

/**
 * The answering side's notes (epoch ms, performance.timeOrigin + performance.now(), so they can
 * be set against the calling page's clock): when the latest offer was set as its remote
 * description, and when its answer was set as its local description.
 */
export interface AnswerSideState {
  offerInAt: number | null;
  answerOutAt: number | null;
  /** When its senders were given tracks (replaceTrack on a prepared connection), the latest few. */
  tracksAt: number[];
}

/** A peer connection of a page as the probe saw it: made and first connected (ICE and DTLS), page clock. */
export interface ProbePeer {
  madeAt: number;
  connectedAt: number | null;
  state: string;
}

/** Reads a page's peer connections, made at any time (a prepared one is made before the start). */
export const READ_PEERS =
  'window.__callProbe ? window.__callProbe.peers.map((p) => ({ madeAt: p.madeAt, connectedAt: p.connectedAt, state: p.pc.connectionState })) : []';

/** Reads a page's answering-side notes. */
export const READ_ANSWER_SIDE = 'window.__callProbe ? { ...window.__callProbe.answerSide } : null';

/**
 * Installed with addInitScript in every page of a context. `remoteSelector`: a remote video
 * element is one inside (or matching) it. The app's start is a click on `startSelector`; the
 * baseline calls `window.__callProbe.start()` itself. Each start forgets the previous call.
 */
export function callProbeScript(remoteSelector: string, startSelector: string | null): string {
  return `(() => {
  const KEYS = ['startAt', 'gumStartAt', 'gumEndAt', 'openOutAt', 'pcAt', 'offerAt', 'offerOutAt', 'answerInAt', 'answerAt', 'iceAt', 'dtlsAt', 'trackAt', 'channelAt', 'srcAt', 'receivedAt', 'frameAt', 'sizeAt'];
  const state = { width: 0, height: 0, origin: performance.timeOrigin, longTasks: [] };
  const answerSide = { offerInAt: null, answerOutAt: null, tracksAt: [] };
  const peers = [];
  const epoch = () => performance.timeOrigin + performance.now();
  for (const key of KEYS) state[key] = null;
  let generation = 0;
  const now = () => performance.now();
  // Notes a step once per call, and only after the call's start.
  const mark = (key, at) => { if (state.startAt !== null && state[key] === null) state[key] = at === undefined ? now() : at; };
  const start = (at) => {
    generation += 1;
    for (const key of KEYS) state[key] = null;
    state.width = 0;
    state.height = 0;
    state.longTasks = [];
    state.startAt = at === undefined ? now() : at;
    return generation;
  };
  // Resolves with the state once the first frame is seen; if only the picture's size is seen
  // (frames not reported), graceMs after that; after timeoutMs in any case. It polls, but the
  // times it returns were noted by the events themselves.
  const wait = (timeoutMs, graceMs) => new Promise((resolve) => {
    const begun = now();
    let sizedSince = null;
    const timer = setInterval(() => {
      const t = now();
      if (state.sizeAt !== null && sizedSince === null) sizedSince = t;
      const done = state.frameAt !== null || (sizedSince !== null && t - sizedSince > graceMs) || t - begun > timeoutMs;
      if (!done) return;
      clearInterval(timer);
      resolve({ ...state });
    }, 20);
  });
  Object.defineProperty(window, '__callProbe', { value: { state, start, wait, answerSide, peers } });

  ${
    startSelector
      ? `document.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest(${JSON.stringify(startSelector)})) start();
  }, true);`
      : ''
  }

  const media = navigator.mediaDevices;
  if (media && media.getUserMedia) {
    const original = media.getUserMedia.bind(media);
    media.getUserMedia = (constraints) => {
      mark('gumStartAt');
      return original(constraints).then((stream) => { mark('gumEndAt'); return stream; });
    };
  }

  const Original = window.RTCPeerConnection;
  if (Original) {
    const proto = Original.prototype;
    const setLocal = proto.setLocalDescription;
    proto.setLocalDescription = function (...args) {
      if ((args[0] && args[0].type === 'answer') || (!args[0] && this.signalingState === 'have-remote-offer')) answerSide.answerOutAt = epoch();
      if (this.__probeGeneration === generation && (!args[0] || args[0].type === 'offer')) mark('offerAt');
      return setLocal.apply(this, args);
    };
    const setRemote = proto.setRemoteDescription;
    proto.setRemoteDescription = function (...args) {
      if (args[0] && args[0].type === 'offer') {
        answerSide.offerInAt = epoch();
        answerSide.answerOutAt = null;
      }
      if (this.__probeGeneration === generation && args[0] && args[0].type === 'answer') mark('answerAt');
      return setRemote.apply(this, args);
    };
    const createChannel = proto.createDataChannel;
    proto.createDataChannel = function (...args) {
      const channel = createChannel.apply(this, args);
      const mine = this.__probeGeneration;
      channel.addEventListener('open', () => { if (mine === generation) mark('channelAt'); });
      return channel;
    };
    if (window.RTCRtpSender) {
      const replace = RTCRtpSender.prototype.replaceTrack;
      RTCRtpSender.prototype.replaceTrack = function (track) {
        if (track) {
          answerSide.tracksAt.push(epoch());
          if (answerSide.tracksAt.length > 20) answerSide.tracksAt.shift();
        }
        return replace.call(this, track);
      };
    }
    window.RTCPeerConnection = function (...args) {
      const pc = new Original(...args);
      const seen = { pc, madeAt: now(), connectedAt: null };
      peers.push(seen);
      if (peers.length > 50) peers.shift();
      pc.addEventListener('connectionstatechange', () => {
        if (pc.connectionState === 'connected' && seen.connectedAt === null) seen.connectedAt = now();
      });
      if (state.startAt !== null && state.pcAt === null) {
        mark('pcAt');
        pc.__probeGeneration = generation;
        const mine = generation;
        pc.addEventListener('iceconnectionstatechange', () => {
          if (mine === generation && (pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed')) mark('iceAt');
        });
        pc.addEventListener('connectionstatechange', () => {
          if (mine === generation && pc.connectionState === 'connected') mark('dtlsAt');
        });
        pc.addEventListener('track', () => { if (mine === generation) mark('trackAt'); });
        pc.addEventListener('datachannel', (event) => {
          event.channel.addEventListener('open', () => { if (mine === generation) mark('channelAt'); });
        });
      }
      return pc;
    };
    window.RTCPeerConnection.prototype = proto;
    Object.setPrototypeOf(window.RTCPeerConnection, Original);
  }

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (state.startAt !== null && entry.startTime + entry.duration >= state.startAt && state.longTasks.length < 200) state.longTasks.push([entry.startTime, entry.duration]);
      }
    }).observe({ type: 'longtask' });
  } catch {}

  // Every WebSocket of the page: when the offer leaves and the answer arrives (text frames only).
  const OriginalSocket = window.WebSocket;
  if (OriginalSocket) {
    const send = OriginalSocket.prototype.send;
    OriginalSocket.prototype.send = function (data) {
      if (typeof data === 'string' && data.includes('"type":"offer"')) mark('offerOutAt');
      if (typeof data === 'string' && data.includes('"call.open"')) mark('openOutAt');
      return send.call(this, data);
    };
    window.WebSocket = function (...args) {
      const socket = new OriginalSocket(...args);
      socket.addEventListener('message', (event) => {
        if (typeof event.data === 'string' && event.data.includes('"type":"answer"')) mark('answerInAt');
      });
      return socket;
    };
    window.WebSocket.prototype = OriginalSocket.prototype;
    Object.setPrototypeOf(window.WebSocket, OriginalSocket);
  }

  const remote = ${JSON.stringify(remoteSelector)};
  const descriptor = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject');
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
    configurable: true,
    enumerable: descriptor.enumerable,
    get() { return descriptor.get.call(this); },
    set(value) {
      descriptor.set.call(this, value);
      if (!value || !(this instanceof HTMLVideoElement) || !this.closest(remote) || state.startAt === null || state.srcAt !== null) return;
      mark('srcAt');
      const video = this;
      const mine = generation;
      const sized = () => {
        if (mine !== generation || state.sizeAt !== null || video.videoWidth === 0) return;
        mark('sizeAt');
        if (!state.width) { state.width = video.videoWidth; state.height = video.videoHeight; }
      };
      video.addEventListener('loadedmetadata', sized);
      video.addEventListener('resize', sized);
      sized();
      if (typeof video.requestVideoFrameCallback === 'function') {
        video.requestVideoFrameCallback((at, meta) => {
          if (mine !== generation) return;
          if (typeof meta.receiveTime === 'number') mark('receivedAt', meta.receiveTime);
          mark('frameAt', at);
          state.width = meta.width;
          state.height = meta.height;
        });
      }
    },
  });
})();`;
}

/** Reads the probe of a page (null before the page has one). */
export const READ_PROBE = 'window.__callProbe ? { ...window.__callProbe.state } : null';

/** An expression that waits in the page for the call's first picture (see `wait` above). */
export const waitForPicture = (timeoutMs: number, graceMs = 2000): string => `window.__callProbe.wait(${timeoutMs}, ${graceMs})`;

/** The figures of one call, in ms from its start; NaN where a step was not seen. */
export interface CallSample {
  /** To the first frame (or, where frames are not reported, to the picture's size). */
  totalMs: number;
  /** Whether totalMs comes from a presented frame (true) or from the size fallback. */
  byFrame: boolean;
  steps: Record<StepName, number>;
  width: number;
  height: number;
  /** The page's main thread in long tasks between the start and the first picture: their total and the longest, ms. */
  longTasksMs: number;
  longestTaskMs: number;
}

export const STEP_NAMES = [
  'openOut',
  'tracks',
  'gumStart',
  'gumEnd',
  'pc',
  'offer',
  'offerOut',
  'offerIn',
  'answerOut',
  'answerIn',
  'answer',
  'track',
  'ice',
  'dtls',
  'channel',
  'src',
  'received',
  'frame',
  'size',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** The figures of a call from the calling page's notes and, if known, the answering page's. */
export function sampleOf(s: CallProbeState, other: AnswerSideState | null = null): CallSample {
  const since = (at: number | null): number => (s.startAt === null || at === null ? Number.NaN : at - s.startAt);
  // The other page's epoch times in this page's clock.
  const local = (at: number | null | undefined): number | null => (at === null || at === undefined ? null : at - s.origin);
  const offerIn = local(other?.offerInAt);
  // An offer that reached the other side before this call started belongs to an older call.
  const fresh = offerIn !== null && s.startAt !== null && offerIn >= s.startAt;
  // The other side's first tracks on a prepared connection in this call.
  const tracks = (other?.tracksAt ?? []).map((at) => local(at) as number).find((at) => s.startAt !== null && at >= s.startAt) ?? null;
  const steps: Record<StepName, number> = {
    openOut: since(s.openOutAt),
    tracks: since(tracks),
    gumStart: since(s.gumStartAt),
    gumEnd: since(s.gumEndAt),
    pc: since(s.pcAt),
    offer: since(s.offerAt),
    offerOut: since(s.offerOutAt),
    answerIn: since(s.answerInAt),
    offerIn: fresh ? since(offerIn) : Number.NaN,
    answerOut: fresh ? since(local(other?.answerOutAt)) : Number.NaN,
    answer: since(s.answerAt),
    ice: since(s.iceAt),
    dtls: since(s.dtlsAt),
    track: since(s.trackAt),
    channel: since(s.channelAt),
    src: since(s.srcAt),
    received: since(s.receivedAt),
    size: since(s.sizeAt),
    frame: since(s.frameAt),
  };
  const byFrame = s.frameAt !== null;
  const end = s.frameAt ?? s.sizeAt ?? Number.POSITIVE_INFINITY;
  const start = s.startAt ?? 0;
  // The part of each long task inside [start, end].
  const busy = s.longTasks.map(([at, duration]) => Math.max(0, Math.min(at + duration, end) - Math.max(at, start)));
  return {
    totalMs: byFrame ? steps.frame : steps.size,
    byFrame,
    steps,
    width: s.width,
    height: s.height,
    longTasksMs: busy.reduce((a, b) => a + b, 0),
    longestTaskMs: busy.reduce((a, b) => Math.max(a, b), 0),
  };
}

/** Whether the call's first picture was seen (a frame, or at least its size). */
export const pictureSeen = (s: CallProbeState | null): boolean => s !== null && s.startAt !== null && (s.frameAt !== null || s.sizeAt !== null);
