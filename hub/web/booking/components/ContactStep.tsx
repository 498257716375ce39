import * as z from 'zod';
import { DELIVERY_METHODS } from '../../../../src-shared/domain/appointment';
import { useI18n } from '../../i18n/i18n';
import type { Draft } from '../draft';

export interface ContactStepProps {
  draft: Draft;
  onChange(patch: Partial<Draft>): void;
}

/** E-mail (for the link), an optional phone, and how the document should reach them. */
export function ContactStep({ draft, onChange }: ContactStepProps): React.JSX.Element {
  const { t } = useI18n();
  return (
    <>
      <div className="field">
        <label htmlFor="email">{t('book.contact.email')}</label>
        <input
          id="email"
          type="email"
          required
          autoComplete="email"
          value={draft.email}
          onChange={(e) => onChange({ email: e.target.value })}
          aria-describedby="email-hint"
          data-testid="email"
        />
        <p id="email-hint" className="hint">
          {t('book.contact.emailHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor="phone">{t('book.contact.phone')}</label>
        <input
          id="phone"
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          value={draft.phone}
          onChange={(e) => onChange({ phone: e.target.value })}
          data-testid="phone"
        />
      </div>
      <fieldset className="choice-list">
        <legend>{t('book.contact.delivery')}</legend>
        {DELIVERY_METHODS.map((m) => (
          <label key={m} className="choice" data-testid={`delivery-${m}`}>
            <input type="radio" name="delivery" value={m} checked={draft.deliveryMethod === m} onChange={() => onChange({ deliveryMethod: m })} />
            <span className="choice-text">
              <span className="choice-name">{t(`book.delivery.${m}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {draft.deliveryMethod === 'post' && (
        <div className="field">
          <label htmlFor="address">{t('book.contact.address')}</label>
          <textarea
            id="address"
            rows={3}
            maxLength={300}
            autoComplete="street-address"
            value={draft.postalAddress}
            onChange={(e) => onChange({ postalAddress: e.target.value })}
            aria-describedby="address-hint"
            data-testid="address"
          />
          <p id="address-hint" className="hint">
            {t('book.contact.addressHint')}
          </p>
        </div>
      )}
    </>
  );
}

const emailSchema = z.email().max(254);
const PHONE_RE = /^\+?[0-9 ]{6,20}$/;

/** The same checks the hub makes (booking.ts), so the citizen hears about a typo here, not after booking. */
export function contactComplete(draft: Draft): boolean {
  if (!emailSchema.safeParse(draft.email.trim()).success) return false;
  if (draft.phone.trim() && !PHONE_RE.test(draft.phone.trim())) return false;
  return draft.deliveryMethod !== 'post' || draft.postalAddress.trim().length >= 5;
}
