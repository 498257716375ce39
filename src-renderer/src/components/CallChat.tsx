import { useEffect, useId, useRef, useState } from 'react';
import type { ChatMessage, ParticipantRole } from '../../../src-shared/protocol/signaling';
import { useI18n } from '../i18n/i18n';

interface Props {
  messages: readonly ChatMessage[];
  selfId: string;
  disabled: boolean;
  onSend(text: string): Promise<string | null>;
}

/** Text in the call, for the hearing-impaired and for bad audio; kept with the appointment. */
export function CallChat({ messages, selfId, disabled, onSend }: Props): React.JSX.Element {
  const { t, time } = useI18n();
  const inputId = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // A statement body: scrollIntoView returns a Promise in recent Chromium, and React would take
    // a returned value for the effect's cleanup.
    end.current?.scrollIntoView({ block: 'nearest' });
  }, [messages.length]);
  const who = (role: ParticipantRole, id: string): string => (id === selfId ? t('call.you') : t(`call.role.${role}`));
  const send = async (): Promise<void> => {
    if (!text.trim()) return;
    const error = await onSend(text);
    setProblem(error);
    if (!error) setText('');
  };
  return (
    <section className="call-chat" aria-labelledby={`${inputId}-heading`}>
      <h3 id={`${inputId}-heading`}>{t('call.chat')}</h3>
      <ol className="chat-log" aria-live="polite">
        {messages.length === 0 && <li className="chat-empty">{t('call.chatEmpty')}</li>}
        {messages.map((m) => (
          <li key={m.id} className={`chat-message${m.from.id === selfId ? ' chat-own' : ''}`} data-testid="chat-message" data-from-role={m.from.role}>
            <span className="chat-meta">
              {who(m.from.role, m.from.id)} · {time(m.at)}
            </span>
            <span className="chat-text">{m.text}</span>
          </li>
        ))}
        <li ref={end} aria-hidden="true" />
      </ol>
      <label htmlFor={inputId} className="visually-hidden">
        {t('call.chatInput')}
      </label>
      <div className="chat-compose">
        <textarea
          id={inputId}
          data-testid="chat-input"
          rows={2}
          maxLength={2000}
          value={text}
          disabled={disabled}
          placeholder={t('call.chatInput')}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <button type="button" className="button" data-testid="chat-send" disabled={disabled || !text.trim()} onClick={() => void send()}>
          {t('call.send')}
        </button>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
