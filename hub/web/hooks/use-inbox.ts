import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { downloadDocument, fetchInbox, type InboxDocument, InboxError, type InboxErrorKind, type InboxResponse } from '../inbox';

/** One document's download as the person last tried it. */
export type DocumentDownload = { state: 'downloading' } | { state: 'saved' } | { state: 'failed'; kind: InboxErrorKind; name: string };

export const documentKey = (doc: Pick<InboxDocument, 'dispatchId' | 'index'>): string => `${doc.dispatchId}/${doc.index}`;

export interface InboxState {
  /** The last list the hub gave; kept when a later check fails. */
  data: InboxResponse | null;
  /** Why the last check failed, or null if it worked. */
  error: InboxErrorKind | null;
  /** A check is under way. */
  checking: boolean;
  /** When the last check answered (worked or failed), for "last checked at". */
  checkedAt: string | null;
  /** Downloads tried on this page, by documentKey. */
  downloads: Readonly<Record<string, DocumentDownload>>;
}

export interface Inbox extends InboxState {
  /** The link, for downloads. */
  token: string;
  /** Asks the hub again now (a check already under way is followed by one more). */
  refresh(): void;
  /** Downloads, checks and saves one document, then asks for the list again (the hub records downloads). */
  download(doc: InboxDocument): void;
}

/** Refusals that asking again will not change: the page stops asking by itself. */
export const FINAL_ERRORS: readonly InboxErrorKind[] = ['unauthorized', 'forbidden', 'unavailable'];

/**
 * The citizen's inbox for the page's whole life, so every view shows the same list (and how the
 * downloads went) at once and then brings it up to date; a download goes on when the view
 * changes. Nothing is asked until `refresh` is first called.
 */
export function useInbox(token: string | null): Inbox | null {
  const [state, setState] = useState<InboxState>({ data: null, error: null, checking: false, checkedAt: null, downloads: {} });
  const downloading = useRef(new Set<string>());
  const running = useRef<AbortController | null>(null);
  const again = useRef(false);
  const mounted = useRef(true);

  const check = useCallback(() => {
    if (!token) return;
    if (running.current) {
      again.current = true;
      return;
    }
    const controller = new AbortController();
    running.current = controller;
    setState((s) => ({ ...s, checking: true }));
    fetchInbox(token, controller.signal).then(
      (data) => finish({ data, error: null }),
      (error: unknown) => finish({ error: error instanceof InboxError ? error.kind : 'network' }),
    );
    function finish(patch: Partial<InboxState>): void {
      running.current = null;
      if (!mounted.current || controller.signal.aborted) return;
      setState((s) => ({ ...s, ...patch, checking: false, checkedAt: new Date().toISOString() }));
      if (again.current) {
        again.current = false;
        check();
      }
    }
  }, [token]);

  const download = useCallback(
    (doc: InboxDocument) => {
      const key = documentKey(doc);
      if (!token || downloading.current.has(key)) return;
      downloading.current.add(key);
      const set = (value: DocumentDownload): void => {
        if (mounted.current) setState((s) => ({ ...s, downloads: { ...s.downloads, [key]: value } }));
      };
      set({ state: 'downloading' });
      downloadDocument(token, doc)
        .then(
          () => set({ state: 'saved' }),
          (failure: unknown) => {
            console.warn('inbox: the download failed', failure);
            set({ state: 'failed', kind: failure instanceof InboxError ? failure.kind : 'network', name: doc.name });
          },
        )
        .finally(() => {
          downloading.current.delete(key);
          // The hub recorded the download (or the document is gone): the list says so.
          check();
        });
    },
    [token, check],
  );

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      running.current?.abort();
      running.current = null;
    };
  }, []);

  return useMemo(() => (token ? { ...state, token, refresh: check, download } : null), [state, token, check, download]);
}
