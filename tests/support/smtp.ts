import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface Received {
  envelopeTo: string[];
  mail: ParsedMail;
}

export interface TestSmtp {
  port: number;
  /** Every message accepted so far, with its envelope recipients, in arrival order. */
  received: Received[];
  /** The same messages, parsed. */
  readonly messages: ParsedMail[];
  /** Makes the server refuse recipients with this SMTP error until set back to null. */
  rejectRecipients(error: { code: number; message: string } | null): void;
  /** The `smtp` section of a hub's config for this server. */
  config(): { host: string; port: number; secure: false; requireTLS: false; tlsRejectUnauthorized: true; from: string };
  stop(): Promise<void>;
}

/**
 * A real SMTP server on a free loopback port that keeps what it is sent, as a KEP's mail relay
 * would take it; `acceptDelayMs` makes it take its time to accept each message, as one does with
 * a large attachment.
 */
export async function startTestSmtp(port = 0, { acceptDelayMs = 0 } = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  let refusal: { code: number; message: string } | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address: SMTPServerAddress, _session, callback) {
      if (!refusal) return callback();
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) =>
          setTimeout(() => {
            received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
            callback();
          }, acceptDelayMs),
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.server.address() as AddressInfo).port;
  return {
    port: bound,
    received,
    get messages() {
      return received.map((r) => r.mail);
    },
    rejectRecipients(error) {
      refusal = error;
    },
    config: () => ({
      host: '127.0.0.1',
      port: bound,
      secure: false,
      requireTLS: false,
      tlsRejectUnauthorized: true,
      from: 'ΚΕΠ myKEPlive <no-reply@kep.test>',
    }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
