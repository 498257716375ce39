import { Readable } from 'node:stream';
import type { SendMailOptions } from 'nodemailer';

export interface MailDocument {
  name: string;
  size: number;
  data: Buffer;
}

export interface MailInput {
  dispatchId: string;
  from: string;
  to: string;
  kepName: string;
  protocolNumber: string;
  documents: readonly MailDocument[];
}

/**
 * The same id every time the hub sends this dispatch: if a send is ever repeated (a hub process
 * died after the server took the message), mail clients can tell the copies are one message.
 */
export const messageIdFor = (dispatchId: string): string => `<${dispatchId}@kep-live-desk>`;

const sizeText = (bytes: number): string => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

interface Language {
  lang: 'el' | 'en';
  intro: (kep: string) => string;
  protocol: string;
  attached: string;
  automatic: (kep: string) => string;
}

const GREEK: Language = {
  lang: 'el',
  intro: (kep) => `Σας στέλνουμε το έγγραφο της υπόθεσής σας από το ${kep}.`,
  protocol: 'Αριθμός πρωτοκόλλου',
  attached: 'Συνημμένα',
  automatic: (kep) => `Αυτό είναι αυτόματο μήνυμα· μην απαντήσετε σε αυτό. Για οποιαδήποτε ερώτηση επικοινωνήστε με το ${kep}.`,
};

const ENGLISH: Language = {
  lang: 'en',
  intro: (kep) => `Please find attached the document of your case from ${kep}.`,
  protocol: 'Protocol number',
  attached: 'Attached',
  automatic: (kep) => `This is an automatic message; please do not reply to it. For any question, contact ${kep}.`,
};

function textPart(l: Language, input: MailInput): string {
  const lines = [l.intro(input.kepName), ''];
  if (input.protocolNumber) lines.push(`${l.protocol}: ${input.protocolNumber}`, '');
  lines.push(`${l.attached}:`, ...input.documents.map((d) => `  - ${d.name} (${sizeText(d.size)})`), '', l.automatic(input.kepName));
  return lines.join('\n');
}

function htmlPart(l: Language, input: MailInput): string {
  const kep = escapeHtml(input.kepName);
  const protocol = input.protocolNumber ? `<p>${l.protocol}: <strong>${escapeHtml(input.protocolNumber)}</strong></p>` : '';
  const items = input.documents.map((d) => `<li>${escapeHtml(d.name)} (${sizeText(d.size)})</li>`).join('');
  return `<div lang="${l.lang}"><p>${l.intro(kep)}</p>${protocol}<p>${l.attached}:</p><ul>${items}</ul><p><small>${l.automatic(kep)}</small></p></div>`;
}

/** The message a citizen receives with their document: Greek first, then English. */
export function buildMailMessage(input: MailInput): SendMailOptions {
  const subject = `Το έγγραφό σας από το ${input.kepName} / Your document from ${input.kepName}`;
  return {
    from: input.from,
    to: input.to,
    subject,
    messageId: messageIdFor(input.dispatchId),
    // RFC 3834: an automatic message, so auto-replies (out of office) are not sent back.
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    text: `${textPart(GREEK, input)}\n\n----------\n\n${textPart(ENGLISH, input)}\n`,
    html: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${htmlPart(GREEK, input)}<hr>${htmlPart(ENGLISH, input)}</body></html>`,
    attachments: input.documents.map((d) => ({ filename: d.name, content: d.data, contentType: 'application/pdf' })),
  };
}

/** The size of the pieces an attachment is handed to nodemailer in (see streamedAttachments). */
export const ATTACHMENT_PIECE_BYTES = 64 * 1024;

function* pieces(data: Buffer): Generator<Buffer> {
  for (let at = 0; at < data.length; at += ATTACHMENT_PIECE_BYTES) yield data.subarray(at, at + ATTACHMENT_PIECE_BYTES);
}

/**
 * The message with each attachment's buffer handed over as a stream of 64 KB views of it (no
 * copy). Given the buffer itself, nodemailer base64-encodes and line-wraps the whole document in
 * one go before its first byte leaves: for 10 MB a 14 MB string and two 14 MB buffers at once,
 * and the collections they bring. In pieces it encodes as the socket takes them. A stream is read
 * once: build the message again for another send.
 */
export function streamedAttachments(message: SendMailOptions): SendMailOptions {
  return {
    ...message,
    attachments: message.attachments?.map((a) => (Buffer.isBuffer(a.content) ? { ...a, content: Readable.from(pieces(a.content), { objectMode: false }) } : a)),
  };
}
