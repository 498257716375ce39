import type { Language } from '../../../src-shared/contract/ipc';
import type { ErrorInfo } from '../../../src-shared/errors';
import { useI18n } from '../i18n/i18n';
import { EnrolForm } from './EnrolForm';
import { LanguagePicker, Masthead } from './Masthead';

interface Props {
  language: Language;
  onLanguage(language: Language): void;
  onEnrol(input: { hubUrl: string; code: string; label: string }): Promise<ErrorInfo | null>;
}

export function EnrolScreen({ language, onLanguage, onEnrol }: Props): React.JSX.Element {
  const { t } = useI18n();
  return (
    <div className="layout">
      <Masthead>
        <LanguagePicker language={language} onLanguage={onLanguage} />
      </Masthead>
      <main className="centered">
        <section className="card" aria-labelledby="enrol-title">
          <h2 id="enrol-title">{t('enrol.title')}</h2>
          <p className="card-sub">{t('enrol.intro')}</p>
          <EnrolForm submitLabel={t('enrol.submit')} onEnrol={onEnrol} autoFocus />
        </section>
      </main>
    </div>
  );
}
