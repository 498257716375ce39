import WebSocket from 'ws';

/**
 * A Socket.IO client spoken by hand over a WebSocket, so a test can send what no well-behaved
 * client would: numeric event names, crafted packets, text that is not even JSON.
 */
export interface RawSocket {
  /** Sends one frame as it is: text (bytes too, valid UTF-8 or not), or binary with `binary`. */
  send(frame: string | Buffer, binary?: boolean): void;
  /**
   * Sends an event packet whose JSON array is given as text, with an ack id, and waits for the
   * ack's arguments; null when no ack came within `ms` (or the connection closed).
   */
  ask(arrayText: string, ms?: number): Promise<unknown[] | null>;
  /** Events received, in order: the decoded `42` packets. */
  events: unknown[][];
  /** Connected to the namespace: the WebSocket is open and neither side has sent a disconnect (`41`). */
  isOpen(): boolean;
  closed: Promise<void>;
  close(): void;
}

/**
 * Connects to a hub's Socket.IO endpoint with `authJson` (the handshake's auth as JSON text, so
 * it can be anything) and waits for the namespace's answer: the socket, or the CONNECT_ERROR
 * message as a rejection.
 */
export function openRawSocket(hubUrl: string, authJson: string, headers: Record<string, string> = {}): Promise<RawSocket> {
  const ws = new WebSocket(`${hubUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { headers });
  const waiting = new Map<number, (args: unknown[] | null) => void>();
  const events: unknown[][] = [];
  let nextId = 1;
  let inNamespace = false;
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  void closed.then(() => {
    for (const done of waiting.values()) done(null);
    waiting.clear();
  });
  ws.on('error', () => undefined); // the hub may close on purpose; the test looks at the outcome

  const socket: RawSocket = {
    send: (frame, binary = false) => {
      // After its own disconnect packet the connection stays open, but no event is answered.
      if (!binary && String(frame).startsWith('41')) inNamespace = false;
      ws.send(frame, { binary });
    },
    ask: (arrayText, ms = 3000) =>
      new Promise((resolve) => {
        if (!socket.isOpen()) return resolve(null);
        const id = nextId++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          resolve(null);
        }, ms);
        waiting.set(id, (args) => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve(args);
        });
        ws.send(`42${id}${arrayText}`);
      }),
    events,
    isOpen: () => ws.readyState === WebSocket.OPEN && inNamespace,
    closed,
    close: () => ws.close(),
  };

  return new Promise((resolve, reject) => {
    ws.on('message', (data) => {
      const text = String(data);
      if (text === '2') return ws.send('3'); // Engine.IO ping
      if (text.startsWith('0{')) return ws.send(`40${authJson}`);
      // Socket.IO packets of the default namespace: type, ack id, JSON (another namespace's has a / there).
      const packet = /^4(\d)(\d*)(.*)$/s.exec(text);
      if (!packet) return;
      const [, type, id, json] = packet;
      let body: unknown;
      try {
        body = json ? JSON.parse(json) : undefined;
      } catch {
        return;
      }
      if (type === '0') {
        inNamespace = true;
        resolve(socket);
      } else if (type === '1') inNamespace = false;
      else if (type === '4') reject(new Error(String((body as { message?: unknown } | undefined)?.message)));
      else if (type === '3') waiting.get(Number(id))?.(body as unknown[]);
      else if (type === '2') events.push(body as unknown[]);
    });
    void closed.then(() => reject(new Error('closed before connecting')));
  });
}
