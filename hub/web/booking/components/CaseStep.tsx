import type { Catalogue } from '../../../../src-shared/protocol/booking';
import { useI18n } from '../../i18n/i18n';
import type { Draft } from '../draft';

export const DESCRIPTION_MAX = 1000;

export interface CaseStepProps {
  catalogue: Catalogue;
  draft: Draft;
  onChange(patch: Partial<Draft>): void;
}

/** Category, the interpreter question where the category offers one, the service (with what to have ready) and the citizen's own words. */
export function CaseStep({ catalogue, draft, onChange }: CaseStepProps): React.JSX.Element {
  const { t, language } = useI18n();
  const category = catalogue.categories.find((c) => c.code === draft.category) ?? null;
  const services = catalogue.services.filter((s) => s.active && s.category === draft.category);
  const service = services.find((s) => s.code === draft.serviceCode) ?? null;
  return (
    <>
      <fieldset className="choice-list">
        <legend>{t('book.case.category')}</legend>
        {catalogue.categories.map((c) => (
          <label key={c.code} className="choice" data-testid={`category-${c.code}`}>
            <input
              type="radio"
              name="category"
              value={c.code}
              checked={draft.category === c.code}
              onChange={() =>
                onChange({ category: c.code, serviceCode: '', interpreterNeeded: c.interpreterOffered ? null : false, day: null, startsAt: null })
              }
            />
            <span className="choice-text">
              <span className="choice-name">{c.name[language]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {category?.interpreterOffered && (
        <fieldset className="choice-list choice-inline">
          <legend>{t('book.case.interpreter')}</legend>
          {([true, false] as const).map((yes) => (
            <label key={String(yes)} className="choice" data-testid={`interpreter-${yes ? 'yes' : 'no'}`}>
              <input type="radio" name="interpreter" checked={draft.interpreterNeeded === yes} onChange={() => onChange({ interpreterNeeded: yes })} />
              <span className="choice-text">
                <span className="choice-name">{t(yes ? 'book.yes' : 'book.no')}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {category && (
        <div className="field">
          <label htmlFor="service">{t('book.case.service')}</label>
          <select
            id="service"
            value={draft.serviceCode}
            onChange={(e) => onChange({ serviceCode: e.target.value })}
            aria-describedby={service ? 'service-documents' : undefined}
            data-testid="service"
          >
            <option value="">{t('book.case.choose')}</option>
            {services.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name[language]}
              </option>
            ))}
          </select>
          {service && service.documents.length > 0 && (
            <div id="service-documents" className="notice notice-info documents-needed">
              <p>
                <strong>{t('book.case.documents')}</strong>
              </p>
              <ul>
                {service.documents.map((d) => (
                  <li key={d.en}>{d[language]}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor="description">{t('book.case.description')}</label>
        <textarea
          id="description"
          rows={4}
          maxLength={DESCRIPTION_MAX}
          value={draft.description}
          onChange={(e) => onChange({ description: e.target.value })}
          aria-describedby="description-hint description-counter"
          data-testid="description"
        />
        <p id="description-hint" className="hint">
          {t('book.case.descriptionHint')}
        </p>
        <p id="description-counter" className="small counter">
          {t('book.case.counter', { n: draft.description.length })}
        </p>
      </div>
    </>
  );
}

/** Whether the case step is complete enough to go on. */
export function caseComplete(catalogue: Catalogue, draft: Draft): boolean {
  const category = catalogue.categories.find((c) => c.code === draft.category);
  if (!category) return false;
  if (category.interpreterOffered && draft.interpreterNeeded === null) return false;
  if (!catalogue.services.some((s) => s.active && s.category === category.code && s.code === draft.serviceCode)) return false;
  const length = draft.description.trim().length;
  return length >= 3 && length <= DESCRIPTION_MAX;
}
