import { useEffect, useRef, useState } from 'react';
import type { ChatMessage } from '../../../src-shared/protocol/signaling';
import { MAX_CHAT_CHARS } from '../../../src-shared/protocol/limits';
import { useMediaQuery } from '../../../src-web/hooks/use-media-query';
import { useI18n } from '../i18n/i18n';
import type { ParticipantSession } from '../participant-session';

/** The phone layout's breakpoint (styles.css) or a touch screen. */
const TOUCH_OR_NARROW = '(pointer: coarse), (max-width: 600px)';

/** Messages of the call, with who wrote each in words; Enter sends, Shift+Enter starts a new line. */
export function Chat({ session, messages, selfId }: { session: ParticipantSession; messages: ChatMessage[]; selfId: string }): React.JSX.Element {
  const { t, time } = useI18n();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [failed, setFailed] = useState(false);
  const list = useRef<HTMLOListElement>(null);
  // A phone has no Shift key to speak of: the keyboard hint is for a keyboard and a wide window only.
  const keyboardHint = !useMediaQuery(TOUCH_OR_NARROW);

  useEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [messages.length]);

  const send = async (): Promise<void> => {
    const value = text.trim();
    if (!value || sending) return;
    setSending(true);
    setFailed(false);
    const ok = await session.sendChat(value);
    setSending(false);
    if (ok) setText('');
    else setFailed(true);
  };

  return (
    <section className="chat" aria-labelledby="chat-title">
      <h2 id="chat-title">{t('chat.title')}</h2>
      <ol className="chat-list" ref={list} aria-live="polite" tabIndex={0} aria-labelledby="chat-title">
        {messages.length === 0 && <li className="chat-empty">{t('chat.empty')}</li>}
        {messages.map((m) => {
          const mine = m.from.id === selfId;
          return (
            <li key={m.id} className={mine ? 'chat-message chat-mine' : 'chat-message'} data-testid="chat-message" data-from-role={m.from.role}>
              <p className="chat-meta">
                <span className="chat-from">{mine ? t('role.self') : t(`role.${m.from.role}`)}</span>
                <time dateTime={m.at}>{time(m.at)}</time>
              </p>
              <p className="chat-text">{m.text}</p>
            </li>
          );
        })}
      </ol>
      <form
        className="chat-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label htmlFor="chat-input">{t('chat.label')}</label>
        <textarea
          id="chat-input"
          data-testid="chat-input"
          rows={2}
          maxLength={MAX_CHAT_CHARS}
          value={text}
          aria-describedby={keyboardHint ? 'chat-hint' : undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void send();
            }
          }}
        />
        {keyboardHint && (
          <p id="chat-hint" className="small" data-testid="chat-hint">
            {t('chat.hint')}
          </p>
        )}
        {failed && (
          <p className="notice notice-error" role="alert">
            {t('chat.failed')}
          </p>
        )}
        <button type="submit" className="button button-primary" data-testid="chat-send" disabled={sending || text.trim() === ''}>
          {t('chat.send')}
        </button>
      </form>
    </section>
  );
}
