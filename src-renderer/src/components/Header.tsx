import type { AppInfo, Language, SessionInfo, Settings, SyncStatus } from '../../../src-shared/contract/ipc';
import { useI18n } from '../i18n/i18n';
import { LanguagePicker, Masthead } from './Masthead';
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

export function Header({ info, sync, settings, session, onSyncNow, onLanguage, onSignOut }: Props): React.JSX.Element {
  const { t } = useI18n();
  return (
    <Masthead
      kepName={
        <p className="kep-name" data-testid="kep-name">
          {info.kep?.name ?? t('app.noKep')}
        </p>
      }
    >
      <SyncIndicator sync={sync} realtime={session.realtime} onSyncNow={onSyncNow} />
      <LanguagePicker language={settings.language} onLanguage={onLanguage} />
      <div className="user" data-testid="user" data-realtime={session.realtime}>
        <span className="user-name">{session.user.displayName}</span>
        <span className="user-role">
          {t(`role.${session.user.role}`)}
          {session.mode === 'offline' && ` · ${t('session.offline')}`}
        </span>
      </div>
      <button type="button" className="button button-header" onClick={onSignOut}>
        {t('session.signOut')}
      </button>
    </Masthead>
  );
}
