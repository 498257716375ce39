import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dispatchStatusSchema } from '../../src-shared/protocol/dispatch';

const status = {
  id: randomUUID(),
  appointmentId: randomUUID(),
  channel: 'email',
  state: 'failed',
  reason: 'The hub stopped while handing this e-mail to the mail server; it may or may not have been sent. Check with the citizen before sending it again.',
  trackingNumber: null,
  updatedAt: '2026-11-29T07:31:27.442Z',
  sentAt: null,
  deliveredAt: null,
  downloadedAt: null,
  expiresAt: null,
};

describe('a dispatch status’s failure (PROTOCOL §5b.3)', () => {
  it('is read as the hub said it', () => {
    expect(dispatchStatusSchema.parse({ ...status, failure: 'outcome_unknown' }).failure).toBe('outcome_unknown');
  });

  it('is null from a hub that does not send it yet, or with a cause this client does not know', () => {
    expect(dispatchStatusSchema.parse(status).failure).toBeNull();
    expect(dispatchStatusSchema.parse({ ...status, failure: 'lost_in_the_post' }).failure).toBeNull();
    // The rest of the status is still checked.
    expect(() => dispatchStatusSchema.parse({ ...status, state: 'lost', failure: null })).toThrow();
  });
});
