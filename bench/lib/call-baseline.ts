import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { build } from 'esbuild';
import { type AnswerSideState, callProbeScript, type CallProbeState, READ_ANSWER_SIDE } from './call-probe';

/**
 * The baseline of bench:call: a bare RTCPeerConnection offer/answer between two pages of the
 * same browser, signalled through the same hub with its own protocol (a workstation socket that
 * opens the room, a participant socket with a join link). No app, no simple-peer, no data
 * channel: a stream from the fake camera on each side, offer, answer and trickled candidates
 * relayed by the hub's `signal` event, `iceServers: []`, the remote stream put on a video element.
 */

/** socket.io-client as one classic script defining `window.__sio.io`. */
export async function socketIoBundle(root: string): Promise<string> {
  const result = await build({
    stdin: { contents: "export { io } from 'socket.io-client';", resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: '__sio',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    logLevel: 'silent',
    nodePaths: [join(root, 'node_modules')],
  });
  const text = result.outputFiles[0]?.text;
  if (!text) throw new Error('esbuild produced no socket.io-client bundle.');
  return text;
}

/** The same camera request as the app and the citizen page (local-media.ts). */
const CONSTRAINTS = '{ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: true }';

/** Both roles of the baseline, as one classic script (`window.__bareCall`). */
const BARE_CALL_SCRIPT = `(() => {
  const ack = (socket, event, payload, ms) => new Promise((resolve, reject) => {
    socket.timeout(ms).emit(event, payload, (error, result) => {
      if (error) reject(new Error(event + ': no answer within ' + ms + ' ms'));
      else if (!result.ok) reject(new Error(event + ': ' + result.error.code + ': ' + result.error.message));
      else resolve(result.value);
    });
  });
  const connect = (url, auth) => new Promise((resolve, reject) => {
    const socket = window.__sio.io(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => { socket.close(); reject(new Error('connect: ' + error.message)); });
  });
  const candidateOf = (c) => {
    const out = { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex };
    if (c.usernameFragment) out.usernameFragment = c.usernameFragment;
    return out;
  };
  // Trickles candidates to the other side, holding them until the description they follow has gone.
  const trickle = (socket, pc, appointmentId, to, connection) => {
    const held = [];
    let open = false;
    pc.addEventListener('icecandidate', (event) => {
      if (!event.candidate || !event.candidate.candidate) return;
      const data = { type: 'candidate', candidate: candidateOf(event.candidate) };
      if (open) socket.emit('signal', { appointmentId, to, connection, data });
      else held.push(data);
    });
    return () => {
      open = true;
      for (const data of held.splice(0)) socket.emit('signal', { appointmentId, to, connection, data });
    };
  };
  const s = { socket: null, stream: null, pc: null, connection: null, video: null };
  const hangUp = () => {
    if (s.pc) s.pc.close();
    s.pc = null;
    s.connection = null;
  };

  window.__bareCall = {
    async citizen(url, joinToken) {
      s.stream = await navigator.mediaDevices.getUserMedia(${CONSTRAINTS});
      s.socket = await connect(url, { kind: 'participant', joinToken });
      s.socket.on('signal', async ({ appointmentId, from, connection, data }) => {
        if (data.type === 'offer') {
          hangUp();
          const pc = new RTCPeerConnection({ iceServers: [] });
          s.pc = pc;
          s.connection = connection;
          const release = trickle(s.socket, pc, appointmentId, from, connection);
          for (const track of s.stream.getTracks()) pc.addTrack(track, s.stream);
          await pc.setRemoteDescription(data);
          await pc.setLocalDescription(await pc.createAnswer());
          s.socket.emit('signal', { appointmentId, to: from, connection, data: { type: 'answer', sdp: pc.localDescription.sdp } });
          release();
        } else if (data.type === 'candidate' && s.pc && connection === s.connection) {
          s.pc.addIceCandidate(data.candidate).catch(() => undefined);
        }
      });
      s.socket.on('room:state', (room) => { if (!room.open) hangUp(); });
      s.socket.on('call:ended', hangUp);
      const joined = await ack(s.socket, 'room:join', {}, 10000);
      return joined.self.id;
    },

    async desk(url, workstationToken, accessToken) {
      s.stream = await navigator.mediaDevices.getUserMedia(${CONSTRAINTS});
      s.socket = await connect(url, { kind: 'workstation', workstationToken, accessToken });
      s.video = document.createElement('video');
      s.video.autoplay = true;
      s.video.muted = true;
      s.video.playsInline = true;
      s.video.setAttribute('data-bench-remote', '');
      document.body.append(s.video);
      s.socket.on('signal', ({ connection, data }) => {
        if (!s.pc || connection !== s.connection) return;
        if (data.type === 'answer') s.pc.setRemoteDescription(data).catch(() => undefined);
        else if (data.type === 'candidate') s.pc.addIceCandidate(data.candidate).catch(() => undefined);
      });
    },

    /** One call: room:open (timed apart), then from the start of the offer to the first frame; then room:close. */
    async call(appointmentId, timeoutMs) {
      const openStarted = performance.now();
      const joined = await ack(s.socket, 'room:open', { appointmentId }, 10000);
      const openMs = performance.now() - openStarted;
      const citizen = joined.room.participants.find((p) => p.role === 'citizen');
      if (!citizen) throw new Error('room:open admitted no citizen: ' + JSON.stringify(joined.room));
      try {
        window.__callProbe.start();
        const connection = crypto.randomUUID();
        const pc = new RTCPeerConnection({ iceServers: [] });
        s.pc = pc;
        s.connection = connection;
        const release = trickle(s.socket, pc, appointmentId, citizen.id, connection);
        pc.addEventListener('track', (event) => { if (!s.video.srcObject) s.video.srcObject = event.streams[0]; });
        for (const track of s.stream.getTracks()) pc.addTrack(track, s.stream);
        await pc.setLocalDescription(await pc.createOffer());
        s.socket.emit('signal', { appointmentId, to: citizen.id, connection, data: { type: 'offer', sdp: pc.localDescription.sdp } });
        release();
        const state = await window.__callProbe.wait(timeoutMs, 2000);
        return { openMs, state };
      } finally {
        hangUp();
        s.video.srcObject = null;
        await ack(s.socket, 'room:close', { appointmentId }, 10000);
      }
    },
  };
})();`;

export interface BaselineCall {
  /** room:open's round trip, before the measured part. */
  openMs: number;
  state: CallProbeState;
  /** The citizen page's notes on the offer and its answer. */
  answerSide: AnswerSideState | null;
}

export interface BaselinePages {
  call(timeoutMs: number): Promise<BaselineCall>;
  close(): Promise<void>;
}

async function bareContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, permissions: ['camera', 'microphone'] });
  await context.addInitScript(callProbeScript('video[data-bench-remote]', null));
  return context;
}

/** A page at the hub's origin (its /health answer) with socket.io-client and the baseline's script. */
async function barePage(context: BrowserContext, hubUrl: string, socketIo: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${hubUrl}/health`);
  await page.addScriptTag({ content: socketIo });
  await page.addScriptTag({ content: BARE_CALL_SCRIPT });
  return page;
}

/**
 * Opens the two baseline pages, each in its own context (as the desk and the citizen are): the
 * citizen page connects with its join link and waits in the lobby, the desk page connects as
 * the workstation.
 */
export async function openBaseline(
  browser: Browser,
  hubUrl: string,
  socketIo: string,
  data: { appointmentId: string; joinToken: string; workstationToken: string; accessToken: string },
): Promise<BaselinePages> {
  const contexts = [await bareContext(browser), await bareContext(browser)];
  try {
    const [citizenContext, deskContext] = contexts as [BrowserContext, BrowserContext];
    const citizen = await barePage(citizenContext, hubUrl, socketIo);
    await citizen.evaluate(`window.__bareCall.citizen(${JSON.stringify(hubUrl)}, ${JSON.stringify(data.joinToken)})`);
    const desk = await barePage(deskContext, hubUrl, socketIo);
    await desk.evaluate(`window.__bareCall.desk(${JSON.stringify(hubUrl)}, ${JSON.stringify(data.workstationToken)}, ${JSON.stringify(data.accessToken)})`);
    return {
      call: async (timeoutMs) => {
        const result = (await desk.evaluate(`window.__bareCall.call(${JSON.stringify(data.appointmentId)}, ${timeoutMs})`)) as Omit<BaselineCall, 'answerSide'>;
        const answerSide = (await citizen.evaluate(READ_ANSWER_SIDE).catch(() => null)) as AnswerSideState | null;
        return { ...result, answerSide };
      },
      close: async () => {
        await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
      },
    };
  } catch (error) {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    throw error;
  }
}
