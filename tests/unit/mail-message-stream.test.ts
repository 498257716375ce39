import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ATTACHMENT_PIECE_BYTES, buildMailMessage, streamedAttachments } from '../../hub/src/dispatch/mail-message';

const message = (data: Buffer) =>
  buildMailMessage({
    dispatchId: '00000000-0000-4000-8000-000000000001',
    from: 'KEP <no-reply@kep.test>',
    to: 'eleni@example.com',
    kepName: 'ΚΕΠ',
    protocolNumber: '',
    documents: [{ name: 'a.pdf', size: data.length, data }],
  });

describe('streamedAttachments', () => {
  it('hands each attachment over as views of its own buffer, at most one piece size each, in order and whole', async () => {
    const data = randomBytes(3 * ATTACHMENT_PIECE_BYTES + 17);
    const built = message(data);
    const streamed = streamedAttachments(built);
    const [attachment] = streamed.attachments ?? [];
    expect(attachment).toMatchObject({ filename: 'a.pdf', contentType: 'application/pdf' });
    const read: Buffer[] = [];
    for await (const piece of attachment!.content as Readable) read.push(piece as Buffer);
    expect(read.map((p) => p.length)).toEqual([ATTACHMENT_PIECE_BYTES, ATTACHMENT_PIECE_BYTES, ATTACHMENT_PIECE_BYTES, 17]);
    // Views, not copies: no second copy of the document in memory.
    expect(read.every((p) => p.buffer === data.buffer)).toBe(true);
    expect(Buffer.concat(read).equals(data)).toBe(true);
    // The rest of the message is the same, and the built one keeps its buffer.
    expect({ ...streamed, attachments: undefined }).toEqual({ ...built, attachments: undefined });
    expect(built.attachments?.[0]?.content).toBe(data);
  });
});
