import { describe, expect, it } from 'vitest';
import { type InboxResponse, readInboxAnswer } from '../../src-shared/protocol/inbox';

const DISPATCH = '6F1C2F0E-9A43-4F6B-8F1E-2D7C1A3B5E90';
const doc = (index: number, sentAt: string) => ({
  dispatchId: DISPATCH,
  index,
  name: ` Βεβαίωση ${index}.pdf `,
  size: 1234,
  sha256: 'a'.repeat(64),
  sentAt,
  expiresAt: '2026-12-30T10:00:00.000Z',
  downloadedAt: null,
});

const inbox = (value: unknown): InboxResponse => {
  const answer = readInboxAnswer(value);
  if (!answer.ok) throw new Error(answer.problem);
  return answer.inbox;
};

describe('a client (the citizen page) reading its inbox with the shared schema', () => {
  it('keeps what fits, newest first, and leaves out only a document that does not', () => {
    const answer = readInboxAnswer({
      kepName: ' ΚΕΠ ',
      appointment: 'over',
      documents: [doc(1, '2026-11-30T10:00:00.000Z'), { ...doc(2, '2026-11-30T10:00:00.000Z'), sha256: 'nope' }, doc(0, '2026-12-01T10:00:00.000Z')],
    });
    if (!answer.ok) throw new Error(answer.problem);
    expect(answer.misfits).toHaveLength(1);
    expect(answer.inbox.kepName).toBe('ΚΕΠ');
    expect(answer.inbox.appointment).toBe('over');
    expect(answer.inbox.documents.map((d) => [d.index, d.dispatchId, d.name])).toEqual([
      [0, DISPATCH.toLowerCase(), 'Βεβαίωση 0.pdf'],
      [1, DISPATCH.toLowerCase(), 'Βεβαίωση 1.pdf'],
    ]);
  });

  it('reads an older hub that does not say where the appointment stands as upcoming', () => {
    expect(inbox({ kepName: 'ΚΕΠ', documents: [] }).appointment).toBe('upcoming');
  });

  it('refuses an answer without a document list', () => {
    expect(readInboxAnswer({ kepName: 'ΚΕΠ', appointment: 'open' })).toMatchObject({ ok: false, problem: expect.stringContaining('documents') });
    expect(readInboxAnswer('nothing').ok).toBe(false);
  });
});
