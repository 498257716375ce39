import type { Language } from '../../../src-shared/contract/ipc';
import { KEP_TIME_ZONE } from '../../../src-shared/domain/athens-time';
import type { ErrorInfo } from '../../../src-shared/errors';
import { createTranslate, type PlainKey, type Translate } from '../../../src-web/i18n/translate';
import { el } from './el';
import { en } from './en';

export type Messages = typeof el;
export type MessageKey = keyof Messages;
/** A key whose message takes no parameters, for code that picks the key at run time. */
export type PlainMessageKey = PlainKey<Messages>;

const MESSAGES = { el, en } as const;
export const LOCALES: Record<Language, string> = { el: 'el-GR', en: 'en-GB' };

export interface I18n {
  language: Language;
  t: Translate<Messages>;
  /**
   * A main-side error in the UI language: its reason's text if it has one, else its code's.
   * Main's English message is for the logs and never shown.
   */
  errorText(error: ErrorInfo): string;
  /** 09:20, in Athens. */
  time(iso: string): string;
  /** Δευτέρα 30 Νοεμβρίου 2026 */
  longDate(isoDate: string): string;
  /** Δευ 30 Νοε */
  shortDate(isoDate: string): string;
  /** 30/11 09:20, in Athens. */
  dateTime(iso: string): string;
  /** 1.234,5 in Greek, 1,234.5 in English; at most `digits` decimals. */
  number(value: number, digits?: number): string;
}

export function createI18n(language: Language): I18n {
  const locale = LOCALES[language];
  const t = createTranslate<Messages>(MESSAGES[language], locale);
  const time = new Intl.DateTimeFormat(locale, { timeZone: KEP_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const longDate = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const shortDate = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone: KEP_TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return {
    language,
    t,
    errorText: (error) => (error.reason ? t(`error.reason.${error.reason}`) : t(`error.${error.code}`)),
    time: (iso) => time.format(new Date(iso)),
    longDate: (isoDate) => longDate.format(new Date(`${isoDate}T12:00:00Z`)),
    shortDate: (isoDate) => shortDate.format(new Date(`${isoDate}T12:00:00Z`)),
    dateTime: (iso) => dateTime.format(new Date(iso)),
    number: (value, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value),
  };
}
