import { type AppInfo, LANGUAGES, type Language, type SessionInfo, type Settings, type SyncStatus } from '../../../src-shared/contract/ipc';
import { useI18n } from '../i18n/i18n';
import { SyncIndicator } from './SyncIndicator';

interface Props {
  info: AppInfo;
  sync: SyncStatus;
  settings: Settings;
  session: SessionInfo;
  onSyncNow(): void;
  onLanguage(language: Language): void;
  onSignOut(): void;
}

const LANGUAGE_NAMES: Record<Language, string> = { el: 'Ελληνικά', en: 'English' };

export function Header({ info, sync, settings, session, onSyncNow, onLanguage, onSignOut }: Props): React.JSX.Element {
  const { t } = useI18n();
  return (
    <header className="header">
      <div className="brand">
        <h1>{t('app.title')}</h1>
        <p className="kep-name" data-testid="kep-name">
          {info.kep?.name ?? t('app.noKep')}
        </p>
      </div>
      <SyncIndicator sync={sync} realtime={session.realtime} onSyncNow={onSyncNow} />
      <label className="language">
        <span>{t('language.label')}</span>
        <select value={settings.language} onChange={(e) => onLanguage(e.target.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      <div className="user" data-testid="user" data-realtime={session.realtime}>
        <span className="user-name">{session.user.displayName}</span>
        <span className="user-role">
          {t(`role.${session.user.role}`)}
          {session.mode === 'offline' && ` · ${t('session.offline')}`}
        </span>
      </div>
      <button type="button" className="button" onClick={onSignOut}>
        {t('session.signOut')}
      </button>
    </header>
  );
}
