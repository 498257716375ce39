import { useState } from 'react';
import type { RemoteParty } from '../../../src-web/media/call-session';
import { fileProblem } from '../../../src-web/media/file-transfer';
import { CALL_FILE_TYPES } from '../../../src-shared/protocol/limits';
import { useI18n } from '../i18n/i18n';
import type { ParticipantSession } from '../participant-session';
import { Icon } from './Icon';

type Status =
  | { state: 'idle' }
  | { state: 'sending'; name: string; percent: number }
  | { state: 'sent'; name: string }
  | { state: 'refused'; reason: 'too_large' | 'wrong_type' | 'empty' | 'notConnected' | 'failed' };

/** A photo or a PDF for the employee, straight over the call's connection. */
export function FileSend({ session, remotes }: { session: ParticipantSession; remotes: RemoteParty[] }): React.JSX.Element {
  const { t } = useI18n();
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const connected = remotes.some((r) => r.participant.role === 'employee' && r.state === 'connected');

  const send = async (file: File): Promise<void> => {
    const problem = fileProblem(file);
    if (problem) return setStatus({ state: 'refused', reason: problem });
    if (!connected) return setStatus({ state: 'refused', reason: 'notConnected' });
    setStatus({ state: 'sending', name: file.name, percent: 0 });
    try {
      await session.sendFile(file, (sent) => setStatus({ state: 'sending', name: file.name, percent: Math.floor((sent / file.size) * 100) }));
      setStatus({ state: 'sent', name: file.name });
    } catch (error) {
      setStatus({ state: 'refused', reason: error instanceof Error && error.message === 'not connected' ? 'notConnected' : 'failed' });
    }
  };

  const text =
    status.state === 'sending'
      ? t('file.sending', { name: status.name, percent: status.percent })
      : status.state === 'sent'
        ? t('file.sent', { name: status.name })
        : status.state === 'refused'
          ? t(`file.${status.reason}`)
          : '';

  return (
    <section className="file-send" aria-labelledby="file-title">
      <h2 id="file-title">{t('file.title')}</h2>
      {/* The browser's own file button speaks the browser's language; this one speaks the page's. */}
      <input
        id="file-input"
        className="file-input"
        type="file"
        data-testid="file-input"
        accept={CALL_FILE_TYPES.join(',')}
        disabled={status.state === 'sending'}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void send(file);
        }}
      />
      <label htmlFor="file-input" className="button file-button">
        <Icon name="file" />
        {t('file.label')}
      </label>
      {status.state === 'sending' && <progress max={100} value={status.percent} aria-labelledby="file-title" />}
      <p className={`file-status file-${status.state}`} data-testid="file-status" data-state={status.state} role="status">
        {text}
      </p>
    </section>
  );
}
