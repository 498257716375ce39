import { createLogger } from '../../../src-shared/log';
import type { DispatchRequest, DispatchStatus, DispatchUploadHead } from '../../../src-shared/protocol/dispatch';
import { DEFAULT_MAIL_RETRY, type HubConfig } from '../config';
import type { HubStore, Workstation } from '../store/hub-store';
import { type Accepted, acceptDispatch, acceptUpload, type DispatchPolicy, type UploadBytes } from './accept-dispatch';
import { dispatchStatusFromRow, getDispatchRow, listDispatchStatuses } from './dispatch-status';
import { startDocumentExpiry } from './expiry';
import { DispatchMailer } from './mail-sender';
import { retryDispatch } from './retry-dispatch';

const log = createLogger('dispatch-service');

/** A dispatch's new state, for its KEP's desks (§5b.8). */
export type DispatchStateListener = (kepId: string, status: DispatchStatus) => void;

/** What the desks' dispatch endpoints need, with the mailer and the expiry running behind them. */
export interface DispatchService {
  accept(workstation: Workstation, request: DispatchRequest): DispatchStatus;
  /** A dispatch whose documents follow as raw bytes: they are read only once the head passed every check. */
  upload(workstation: Workstation, head: DispatchUploadHead, bytes: UploadBytes): Promise<DispatchStatus>;
  status(workstation: Workstation, ids: readonly string[]): DispatchStatus[];
  retry(workstation: Workstation, dispatchId: string): DispatchStatus;
  /** Hears every mail outcome this process records; returns the unsubscribe. */
  onState(listener: DispatchStateListener): () => void;
  close(): Promise<void>;
}

export function startDispatchService(store: HubStore, config: Pick<HubConfig, 'smtp' | 'inboxDays' | 'mailRetry'>): DispatchService {
  const listeners = new Set<DispatchStateListener>();
  const recorded = (dispatchId: string): void => {
    // Runs after the outcome was committed: a listener's failure must not look like the store's.
    try {
      const row = getDispatchRow(store, dispatchId);
      if (row) for (const listener of listeners) listener(row.kep_id, dispatchStatusFromRow(row));
    } catch (error) {
      log.error('cannot tell the desks a dispatch changed', { dispatch: dispatchId, error: String(error) });
    }
  };
  const mailer = new DispatchMailer(store, { smtp: config.smtp, retry: config.mailRetry ?? DEFAULT_MAIL_RETRY, recorded });
  const policy: DispatchPolicy = { mailConfigured: mailer.configured, inboxDays: config.inboxDays };
  const stopExpiry = startDocumentExpiry(store, config.inboxDays);
  mailer.start();
  const queued = (status: DispatchStatus, stored: Accepted['stored'] = null): DispatchStatus => {
    // The documents just stored go to the mailer as they are: reading them back would copy them again.
    if (status.state === 'queued') mailer.wake(stored ? { dispatchId: status.id, documents: stored } : undefined);
    return status;
  };
  return {
    accept: (workstation, request) => queued(acceptDispatch(store, workstation, request, policy)),
    upload: async (workstation, head, bytes) => {
      const { status, stored } = await acceptUpload(store, workstation, head, policy, bytes);
      return queued(status, stored);
    },
    status: (workstation, ids) => listDispatchStatuses(store, workstation.kepId, ids),
    retry: (workstation, dispatchId) => queued(retryDispatch(store, workstation, dispatchId, policy)),
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      stopExpiry();
      await mailer.close();
    },
  };
}
