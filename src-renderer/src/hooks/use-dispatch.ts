import { useCallback } from 'react';
import type { CaseDocument, Dispatch, OwedDocument } from '../../../src-shared/contract/ipc';
import type { ErrorInfo } from '../../../src-shared/errors';
import { call, onEvent } from '../kep';
import { type Loaded, useLoad } from './use-load';

/** A case's documents and dispatches as main has them, re-read whenever main says they changed. */
export function useDispatches(appointmentId: string): { documents: CaseDocument[]; dispatches: Dispatch[]; error: ErrorInfo | null; reload(): void } {
  const readDocuments = useCallback(() => call('document.list', { appointmentId }), [appointmentId]);
  const readDispatches = useCallback(() => call('dispatch.list', { appointmentId }), [appointmentId]);
  const listen = useCallback(
    ({ reload }: { reload(): void }) =>
      onEvent('dispatch.changed', (e) => {
        if (e.appointmentId === appointmentId) reload();
      }),
    [appointmentId],
  );
  const documents = useLoad(readDocuments, listen);
  const dispatches = useLoad(readDispatches, listen);
  const { reload: reloadDocuments } = documents;
  const { reload: reloadDispatches } = dispatches;
  const reload = useCallback(() => {
    reloadDocuments();
    reloadDispatches();
  }, [reloadDocuments, reloadDispatches]);
  return { documents: documents.data ?? [], dispatches: dispatches.data ?? [], error: documents.error ?? dispatches.error, reload };
}

const readOwed = (): Promise<OwedDocument[]> => call('dispatch.owed');
const listenOwed = ({ reload }: { reload(): void }): (() => void) => {
  const offs = [onEvent('dispatch.changed', reload), onEvent('day.changed', reload)];
  return () => offs.forEach((off) => off());
};

/** Appointments of any day that still owe the citizen a document. */
export function useOwedDocuments(): Loaded<OwedDocument[]> {
  return useLoad(readOwed, listenOwed);
}
