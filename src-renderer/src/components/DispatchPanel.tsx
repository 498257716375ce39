import { useEffect, useId, useRef, useState } from 'react';
import type { CaseDocument } from '../../../src-shared/contract/ipc';
import type { Appointment } from '../../../src-shared/domain/appointment';
import { DISPATCH_CHANNELS, type DispatchChannel } from '../../../src-shared/protocol/dispatch';
import { MAX_DOCUMENT_BYTES } from '../../../src-shared/protocol/limits';
import { useDispatches } from '../hooks/use-dispatch';
import { useDispatchError } from '../hooks/use-dispatch-error';
import { useEscape } from '../hooks/use-escape';
import { LOCALES, useI18n } from '../i18n/i18n';
import { call } from '../kep';
import { fromBase64, toBase64 } from '../base64';
import { formatSize, saveFile } from '../save-file';
import { DispatchHistory } from './DispatchHistory';
import { LoadProblem } from './LoadProblem';

const PDF_MAGIC = '%PDF-';

/** Where a channel sends to, or why it cannot be used for this booking. */
function channelTarget(
  appointment: Appointment,
  channel: DispatchChannel,
): { address: string | null; unavailable: 'dispatch.noEmail' | 'dispatch.noAddress' | null } {
  if (channel === 'email') return { address: appointment.citizen.email, unavailable: appointment.citizen.email ? null : 'dispatch.noEmail' };
  if (channel === 'post') return { address: appointment.citizen.postalAddress, unavailable: appointment.citizen.postalAddress ? null : 'dispatch.noAddress' };
  return { address: null, unavailable: null };
}

/**
 * Sending the case's documents: attach the PDFs, choose the channel (the citizen's choice
 * first), confirm, and follow each dispatch. Shown only once the identity check has passed;
 * main refuses every step before that anyway.
 */
export function DispatchPanel({ appointment, offline }: { appointment: Appointment; offline: boolean }): React.JSX.Element {
  const { t, dateTime, language } = useI18n();
  const failure = useDispatchError();
  const id = useId();
  const { documents, dispatches, error: loadError, reload } = useDispatches(appointment.id);
  const preferred = channelTarget(appointment, appointment.deliveryMethod).unavailable ? 'inbox' : appointment.deliveryMethod;
  const [channel, setChannel] = useState<DispatchChannel>(preferred);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const [attaching, setAttaching] = useState(false);
  const [sending, setSending] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [focusDispatch, setFocusDispatch] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const sendButton = useRef<HTMLButtonElement>(null);
  const locale = LOCALES[language];

  // A newly attached document is meant to be sent: choose it; forget documents that are gone.
  const known = useRef<ReadonlySet<string>>(new Set());
  // After attaching, the focus goes to the new document's entry (the file input was disabled under it).
  const focusAdded = useRef(false);
  useEffect(() => {
    const ids = new Set(documents.map((d) => d.id));
    const added = documents.filter((d) => !known.current.has(d.id) && !d.dispatched).map((d) => d.id);
    known.current = ids;
    if (focusAdded.current && added[0]) document.getElementById(`${id}-doc-${added[0]}`)?.focus();
    focusAdded.current = false;
    setChosen((current) => new Set([...[...current].filter((x) => ids.has(x)), ...added]));
  }, [documents, id]);
  // Until the new entry is listed (or if none came), the focus waits on the attach button again.
  useEffect(() => {
    if (!attaching && focusAdded.current) fileInput.current?.focus();
  }, [attaching]);

  const attach = async (files: FileList | null): Promise<void> => {
    if (!files || files.length === 0) return;
    setProblem(null);
    setAttaching(true);
    try {
      for (const file of [...files]) {
        if (file.size > MAX_DOCUMENT_BYTES) {
          setProblem(t('dispatch.tooLarge', { name: file.name, mb: MAX_DOCUMENT_BYTES / 1024 / 1024 }));
          continue;
        }
        const bytes = new Uint8Array(await file.arrayBuffer());
        if (new TextDecoder('latin1').decode(bytes.subarray(0, 5)) !== PDF_MAGIC) {
          setProblem(t('dispatch.notPdf', { name: file.name }));
          continue;
        }
        await call('document.attach', { appointmentId: appointment.id, name: file.name, dataBase64: toBase64(bytes) });
      }
    } catch (e) {
      setProblem(failure(e));
    } finally {
      setAttaching(false);
      if (fileInput.current) fileInput.current.value = '';
      focusAdded.current = true;
      reload();
    }
  };

  const remove = async (doc: CaseDocument): Promise<void> => {
    try {
      await call('document.remove', { id: doc.id });
    } catch (e) {
      setProblem(failure(e));
    }
  };

  const download = async (doc: CaseDocument): Promise<void> => {
    try {
      const { dataBase64 } = await call('document.get', { id: doc.id });
      saveFile(doc.name, fromBase64(dataBase64), 'application/pdf');
    } catch (e) {
      setProblem(failure(e));
    }
  };

  const send = async (): Promise<void> => {
    setConfirming(false);
    setSending(true);
    let created: string | null = null;
    try {
      created = (
        await call('dispatch.create', { appointmentId: appointment.id, channel, documentIds: documents.filter((d) => chosen.has(d.id)).map((d) => d.id) })
      ).id;
      setChosen(new Set());
      setProblem(null);
    } catch (e) {
      setProblem(failure(e, { conflict: 'dispatch.error.conflict' }));
    } finally {
      setSending(false);
      reload();
      // Focus follows the dispatch into the history; a refused one leaves it on the button, by the message.
      if (created) setFocusDispatch(created);
      else sendButton.current?.focus();
    }
  };

  /** Says what is missing in the UI's language before asking to confirm; main checks the same again. */
  const confirm = async (): Promise<void> => {
    // Ask to choose only when there is something to choose; else say where the document comes from.
    if (count === 0) return setProblem(documents.length === 0 ? t('dispatch.attachFirst') : t('dispatch.chooseDocuments'));
    if (channel === 'post') {
      const record = await call('case.get', { appointmentId: appointment.id }).catch(() => null);
      if (!record?.protocolNumber) return setProblem(t('dispatch.needsProtocol'));
    }
    setProblem(null);
    setConfirming(true);
  };

  const target = channelTarget(appointment, channel);
  // How each document already went (dispatches that did not fail): it may still go another way.
  const sentBy = new Map<string, DispatchChannel[]>();
  for (const d of dispatches) {
    if (d.state === 'failed' || d.state === 'expired') continue;
    for (const doc of d.documents) sentBy.set(doc.id, [...new Set([...(sentBy.get(doc.id) ?? []), d.channel])]);
  }
  const count = documents.filter((d) => chosen.has(d.id)).length;

  return (
    <section className="dispatch" data-testid="dispatch-panel" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('dispatch.heading')}</h3>
      {loadError && <LoadProblem subject="documents" error={loadError} onRetry={reload} />}

      <div className="field">
        <span className="field-label">{t('dispatch.documents')}</span>
        {documents.length === 0 ? (
          !loadError && <p className="muted">{t('dispatch.noDocuments')}</p>
        ) : (
          <ul className="dispatch-documents" data-testid="case-documents">
            {documents.map((doc) => (
              <li key={doc.id} data-testid="case-document">
                <label className="checkbox">
                  <input
                    id={`${id}-doc-${doc.id}`}
                    type="checkbox"
                    checked={chosen.has(doc.id)}
                    aria-label={t('dispatch.select', { name: doc.name })}
                    onChange={(e) => setChosen((c) => (e.target.checked ? new Set([...c, doc.id]) : new Set([...c].filter((x) => x !== doc.id))))}
                  />
                  <span className="dispatch-document-name">{doc.name}</span>
                </label>
                <span className="muted">
                  {formatSize(doc.size, locale)} · {t('dispatch.added', { time: dateTime(doc.addedAt) })}
                </span>
                {sentBy.has(doc.id) && (
                  <span className="muted dispatch-sent-by" data-testid="document-sent-by">
                    {t('dispatch.sentBy', { channels: (sentBy.get(doc.id) ?? []).map((c) => t(`delivery.${c}`)).join(', ') })}
                  </span>
                )}
                <span className="dispatch-document-actions">
                  <button type="button" className="link" aria-label={t('dispatch.downloadNamed', { name: doc.name })} onClick={() => void download(doc)}>
                    {t('dispatch.download')}
                  </button>
                  {!doc.dispatched && (
                    <button type="button" className="link" aria-label={t('dispatch.removeNamed', { name: doc.name })} onClick={() => void remove(doc)}>
                      {t('dispatch.remove')}
                    </button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
        <label className="button file-button">
          {attaching ? t('dispatch.attaching') : t('dispatch.attach')}
          <input
            ref={fileInput}
            type="file"
            accept="application/pdf,.pdf"
            multiple
            className="visually-hidden"
            data-testid="attach-document"
            disabled={attaching}
            onChange={(e) => void attach(e.target.files)}
          />
        </label>
      </div>

      <fieldset className="field dispatch-channels">
        <legend className="field-label">{t('dispatch.channel')}</legend>
        {DISPATCH_CHANNELS.map((c) => {
          const { address, unavailable } = channelTarget(appointment, c);
          return (
            <label key={c} className="radio" data-testid={`channel-${c}`}>
              <input type="radio" name={`${id}-channel`} value={c} checked={channel === c} disabled={unavailable !== null} onChange={() => setChannel(c)} />
              <span>
                <strong>{t(`delivery.${c}`)}</strong>
                {c === appointment.deliveryMethod && <span className="chip">{t('dispatch.preferred')}</span>}
                <br />
                <span className="muted">
                  {unavailable ? t(unavailable) : c === 'inbox' ? t('dispatch.to.inbox') : t(`dispatch.to.${c}`, { address: address ?? '' })}
                </span>
              </span>
            </label>
          );
        })}
      </fieldset>

      <button
        ref={sendButton}
        type="button"
        className="button button-primary"
        data-testid="dispatch-send"
        disabled={sending || target.unavailable !== null}
        onClick={() => void confirm()}
      >
        {t('dispatch.send')}
      </button>
      {problem && (
        <p className="field-error" role="alert" data-testid="dispatch-problem">
          {problem}
        </p>
      )}
      {confirming && (
        <ConfirmDispatch
          text={t(`dispatch.confirm.${channel}`, { count, address: target.address ?? '' })}
          offline={offline && channel !== 'post'}
          onConfirm={() => void send()}
          onCancel={() => {
            setConfirming(false);
            sendButton.current?.focus();
          }}
        />
      )}

      {!(loadError && dispatches.length === 0) && (
        <DispatchHistory dispatches={dispatches} onProblem={setProblem} focusId={focusDispatch} onFocused={() => setFocusDispatch(null)} />
      )}
    </section>
  );
}

function ConfirmDispatch({ text, offline, onConfirm, onCancel }: { text: string; offline: boolean; onConfirm(): void; onCancel(): void }): React.JSX.Element {
  const { t } = useI18n();
  useEscape(onCancel);
  return (
    <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="dispatch-confirm-heading" data-testid="dispatch-confirm">
      <h3 id="dispatch-confirm-heading">{t('dispatch.confirmHeading')}</h3>
      <p>{text}</p>
      {offline && <p className="notice notice-warning">{t('dispatch.confirmOffline')}</p>}
      <div className="dialog-actions">
        <button type="button" className="button button-primary" data-testid="dispatch-confirm-yes" autoFocus onClick={onConfirm}>
          {t('dispatch.confirmYes')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('dispatch.cancel')}
        </button>
      </div>
    </div>
  );
}
