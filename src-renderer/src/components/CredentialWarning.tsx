import type { AppInfo } from '../../../src-shared/contract/ipc';
import { useI18n } from '../i18n/i18n';

/** Said plainly when the OS keeps no encrypted store and the credential is only a 0600 file. */
export function CredentialWarning({ info }: { info: AppInfo }): React.JSX.Element | null {
  const { t } = useI18n();
  if (info.credentialProtection !== 'file') return null;
  return (
    <p className="notice notice-offline notice-inline" role="note" data-testid="credential-warning">
      {t('credential.fileWarning')}
    </p>
  );
}
