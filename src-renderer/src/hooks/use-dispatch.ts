import { useCallback, useEffect, useState } from 'react';
import type { CaseDocument, Dispatch, OwedDocument } from '../../../src-shared/contract/ipc';
import { call, onEvent } from '../kep';

/** A case's documents and dispatches as main has them, re-read whenever main says they changed. */
export function useDispatches(appointmentId: string): { documents: CaseDocument[]; dispatches: Dispatch[]; reload(): void } {
  const [documents, setDocuments] = useState<CaseDocument[]>([]);
  const [dispatches, setDispatches] = useState<Dispatch[]>([]);
  const reload = useCallback(() => {
    void call('document.list', { appointmentId }).then(setDocuments, () => undefined);
    void call('dispatch.list', { appointmentId }).then(setDispatches, () => undefined);
  }, [appointmentId]);
  useEffect(() => {
    reload();
    return onEvent('dispatch.changed', (e) => {
      if (e.appointmentId === appointmentId) reload();
    });
  }, [appointmentId, reload]);
  return { documents, dispatches, reload };
}

/** Appointments of any day that still owe the citizen a document. */
export function useOwedDocuments(): OwedDocument[] {
  const [owed, setOwed] = useState<OwedDocument[]>([]);
  useEffect(() => {
    const load = (): void => void call('dispatch.owed').then(setOwed, () => undefined);
    load();
    const offs = [onEvent('dispatch.changed', load), onEvent('day.changed', load)];
    return () => offs.forEach((off) => off());
  }, []);
  return owed;
}
