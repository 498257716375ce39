import type { DispatchRequest, DispatchStatus } from '../../../src-shared/protocol/dispatch';
import { DEFAULT_MAIL_RETRY, type HubConfig } from '../config';
import type { HubStore, Workstation } from '../store/hub-store';
import { acceptDispatch, type DispatchPolicy } from './accept-dispatch';
import { listDispatchStatuses } from './dispatch-status';
import { startDocumentExpiry } from './expiry';
import { DispatchMailer } from './mail-sender';
import { retryDispatch } from './retry-dispatch';

/** What the desks' dispatch endpoints need, with the mailer and the expiry running behind them. */
export interface DispatchService {
  accept(workstation: Workstation, request: DispatchRequest): DispatchStatus;
  status(workstation: Workstation, ids: readonly string[]): DispatchStatus[];
  retry(workstation: Workstation, dispatchId: string): DispatchStatus;
  close(): Promise<void>;
}

export function startDispatchService(store: HubStore, config: Pick<HubConfig, 'smtp' | 'inboxDays' | 'mailRetry'>): DispatchService {
  const mailer = new DispatchMailer(store, { smtp: config.smtp, retry: config.mailRetry ?? DEFAULT_MAIL_RETRY });
  const policy: DispatchPolicy = { mailConfigured: mailer.configured, inboxDays: config.inboxDays };
  const stopExpiry = startDocumentExpiry(store, config.inboxDays);
  mailer.start();
  return {
    accept(workstation, request) {
      const status = acceptDispatch(store, workstation, request, policy);
      if (status.state === 'queued') mailer.wake();
      return status;
    },
    status: (workstation, ids) => listDispatchStatuses(store, workstation.kepId, ids),
    retry(workstation, dispatchId) {
      const status = retryDispatch(store, workstation, dispatchId, policy);
      if (status.state === 'queued') mailer.wake();
      return status;
    },
    async close() {
      stopExpiry();
      await mailer.close();
    },
  };
}
