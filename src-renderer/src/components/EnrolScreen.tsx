import type { ErrorInfo } from '../../../src-shared/errors';
import { useI18n } from '../i18n/i18n';
import { EnrolForm } from './EnrolForm';

export function EnrolScreen({ onEnrol }: { onEnrol(input: { hubUrl: string; code: string; label: string }): Promise<ErrorInfo | null> }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <main className="centered">
      <section className="card" aria-labelledby="enrol-title">
        <h1 id="enrol-title">{t('enrol.title')}</h1>
        <p className="card-sub">{t('enrol.intro')}</p>
        <EnrolForm submitLabel={t('enrol.submit')} onEnrol={onEnrol} autoFocus />
      </section>
    </main>
  );
}
