import { useEffect, useRef, useState } from 'react';
import { useFocusOnMount } from '../hooks/use-focus-on-mount';
import { type DocumentDownload, documentKey, FINAL_ERRORS, type Inbox } from '../hooks/use-inbox';
import { useNow } from '../hooks/use-now';
import { useI18n } from '../i18n/i18n';
import type { InboxErrorKind } from '../inbox';
import { Icon } from './Icon';

/** How often the page asks for new documents while it is shown (the KEP often sends one just after the call). */
const POLL_MS = 60_000;
/** "Download it soon" this long before a document goes. */
const SOON_MS = 3 * 86_400_000;

export interface DocumentsProps {
  inbox: Inbox;
  /** The heading takes the keyboard focus when the section appears (when it is the first thing on the page). */
  focus?: boolean;
  /** Ask the hub again when the section appears (not when the page has just asked). */
  askNow?: boolean;
}

/**
 * «Τα έγγραφά σας»: what the KEP sent to the citizen's inbox, to download with the same link,
 * before a call, after it, and after the link no longer opens a call. Shows nothing until the
 * hub first answers, and nothing for a link that has no inbox (an interpreter's).
 */
export function Documents({ inbox, focus = false, askNow = true }: DocumentsProps): React.JSX.Element | null {
  const { t, day, time, dateTime, fileSize } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>(focus);
  const now = useNow(60_000);
  /** A check the person asked for (with when the one before answered) is answered in words for screen readers; the regular ones are not. */
  const [asked, setAsked] = useState<{ after: string | null } | null>(null);
  const [announced, setAnnounced] = useState('');
  const error = useRef(inbox.error);
  error.current = inbox.error;
  const { refresh } = inbox;
  const askWhenShown = useRef(askNow);

  // Asked when shown (so also when a call has ended), then regularly while the page is in view.
  // (askNow counts only when the section appears.)
  useEffect(() => {
    const again = (): void => {
      if (document.visibilityState === 'visible' && !FINAL_ERRORS.includes(error.current as InboxErrorKind)) refresh();
    };
    if (askWhenShown.current) refresh();
    const timer = setInterval(again, POLL_MS);
    document.addEventListener('visibilitychange', again);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', again);
    };
  }, [refresh]);

  useEffect(() => {
    if (!asked || inbox.checking || inbox.checkedAt === asked.after || !inbox.checkedAt) return;
    setAsked(null);
    setAnnounced(inbox.error ? t(`docs.error.${inbox.error}`) : t('docs.checkedAt', { time: time(inbox.checkedAt) }));
  }, [asked, inbox.checking, inbox.checkedAt, inbox.error, t, time]);

  if (inbox.error === 'forbidden' || inbox.error === 'unavailable') return null;
  if (!inbox.data && !inbox.error) return null;

  const { downloads } = inbox;
  const documents = inbox.data?.documents ?? [];
  const listed = new Set(documents.map(documentKey));
  // A document that went while the person tried it: said above the list, not lost with its row.
  const gone = Object.entries(downloads).filter(([key, d]) => d.state === 'failed' && !listed.has(key) && inbox.data) as Array<
    [string, Extract<DocumentDownload, { state: 'failed' }>]
  >;
  const listError = inbox.error;
  const final = listError !== null && FINAL_ERRORS.includes(listError);

  return (
    <section className="card documents" data-testid="documents" aria-labelledby="documents-title">
      <h2 id="documents-title" className="documents-title" ref={heading} tabIndex={-1}>
        <Icon name="inbox" className="documents-icon" />
        {t('docs.title')}
      </h2>
      {documents.length === 0 && <p>{t('docs.lead')}</p>}
      {inbox.data?.kepName && (
        <p className="small" data-testid="documents-kep">
          {t('docs.kep', { kep: inbox.data.kepName })}
        </p>
      )}

      {listError && (
        <div className={`notice ${final ? 'notice-error' : 'notice-warn'} documents-error`} role="alert" data-testid="documents-error" data-kind={listError}>
          <p>{t(`docs.error.${listError}`)}</p>
          {!final && (
            <button type="button" className="button button-small" onClick={() => refresh()}>
              {t('docs.retry')}
            </button>
          )}
        </div>
      )}

      {gone.map(([key, d]) => (
        <p key={key} className="notice notice-error" role="alert" data-testid="document-gone">
          <strong>{d.name}</strong>: {t(`docs.error.${d.kind}`)}
        </p>
      ))}

      {inbox.data && documents.length === 0 && gone.length === 0 && (
        <div className="documents-empty" data-testid="documents-empty">
          <p>{t('docs.empty')}</p>
          <p className="small">{t('docs.emptyOther')}</p>
        </div>
      )}

      {documents.length > 0 && (
        <ul className="documents-list" aria-label={t('docs.listLabel')}>
          {documents.map((doc) => {
            const key = documentKey(doc);
            const status = downloads[key];
            const left = Date.parse(doc.expiresAt) - now;
            const expired = left <= 0 || (status?.state === 'failed' && status.kind === 'expired');
            const downloaded = doc.downloadedAt !== null;
            const busy = status?.state === 'downloading';
            const nameId = `document-name-${doc.dispatchId}-${doc.index}`;
            return (
              <li
                key={key}
                className={`document${downloaded ? ' document-downloaded' : ''}${expired ? ' document-expired' : ''}`}
                data-testid="document"
                data-downloaded={downloaded ? 'yes' : 'no'}
                aria-labelledby={nameId}
              >
                <div className="document-main">
                  <p className="document-name" id={nameId}>
                    <Icon name="file" className="document-file-icon" />
                    <span>{doc.name}</span>
                  </p>
                  <dl className="document-facts">
                    <div>
                      <dt>{t('docs.size')}</dt>
                      <dd data-testid="document-size">{fileSize(doc.size)}</dd>
                    </div>
                    <div>
                      <dt>{t('docs.sent')}</dt>
                      <dd data-testid="document-sent">{dateTime(doc.sentAt)}</dd>
                    </div>
                    {!expired && (
                      <div>
                        <dt>{t('docs.until')}</dt>
                        <dd data-testid="document-until">
                          {day(doc.expiresAt)}, {time(doc.expiresAt)}
                        </dd>
                      </div>
                    )}
                  </dl>
                  {downloaded && (
                    <p className="document-done" data-testid="document-downloaded">
                      <Icon name="check" className="document-done-icon" />
                      {t('docs.downloadedAt', { when: dateTime(doc.downloadedAt as string) })}
                    </p>
                  )}
                  {!expired && !downloaded && left < SOON_MS && <p className="document-soon">{t('docs.expiresSoon')}</p>}
                </div>

                <div className="document-actions">
                  {expired ? (
                    <p className="document-expired-text" data-testid="document-expired">
                      {t('docs.error.expired')}
                    </p>
                  ) : (
                    <button
                      type="button"
                      className={downloaded ? 'button document-button' : 'button button-primary document-button'}
                      data-testid="document-download"
                      aria-label={t(downloaded ? 'docs.downloadAgainNamed' : 'docs.downloadNamed', { name: doc.name })}
                      // Not `disabled`: that would take the keyboard focus away from the button just pressed.
                      aria-disabled={busy || undefined}
                      onClick={() => inbox.download(doc)}
                    >
                      {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name="download" />}
                      {busy ? t('docs.downloading') : t(downloaded ? 'docs.downloadAgain' : 'docs.download')}
                    </button>
                  )}
                </div>

                <p className="document-status" role="status" data-testid="document-status" data-state={status?.state ?? 'idle'}>
                  {status?.state === 'saved' && t('docs.saved')}
                  {status?.state === 'failed' && status.kind !== 'expired' && t(`docs.error.${status.kind}`)}
                </p>
              </li>
            );
          })}
        </ul>
      )}

      {/* With documents to show, they come first and what this section is comes after them. */}
      {documents.length > 0 && <p className="small">{t('docs.lead')}</p>}

      {inbox.data && !final && (
        <div className="documents-refresh">
          <button
            type="button"
            className="button button-small"
            data-testid="documents-refresh"
            aria-disabled={(inbox.checking && asked !== null) || undefined}
            onClick={() => {
              if (asked) return;
              setAnnounced('');
              setAsked({ after: inbox.checkedAt });
              refresh();
            }}
          >
            {inbox.checking && asked ? t('docs.checking') : t('docs.refresh')}
          </button>
          {inbox.checkedAt && (
            <p className="small" data-testid="documents-checked">
              {t('docs.checkedAt', { time: time(inbox.checkedAt) })}
            </p>
          )}
          <p className="visually-hidden" role="status">
            {announced}
          </p>
        </div>
      )}
    </section>
  );
}
