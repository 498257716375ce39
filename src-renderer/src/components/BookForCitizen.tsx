import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { DeskBooked } from '../../../src-shared/contract/ipc';
import { isValidAfm } from '../../../src-shared/domain/afm';
import { DELIVERY_METHODS, type DeliveryMethod } from '../../../src-shared/domain/appointment';
import { formatAthensDate } from '../../../src-shared/domain/athens-time';
import type { ErrorInfo } from '../../../src-shared/errors';
import type { SlotsResponse } from '../../../src-shared/protocol/booking';
import { useCatalogue } from '../hooks/use-catalogue';
import { useModalDialog } from '../hooks/use-modal-dialog';
import { useI18n } from '../i18n/i18n';
import { call, toErrorInfo } from '../kep';
import { Field } from './Field';

type Category = 1 | 2 | 3 | 4;

/** How far ahead the dialog offers times: two weeks covers a phone call's "some day soon". */
const SLOT_DAYS = 14;

interface Slots {
  category: Category;
  response: SlotsResponse | null;
  error: ErrorInfo | null;
}

/**
 * Booking for a citizen who phones: their details, the case (category and service from the hub's
 * catalogue, its documents listed), a free time asked of the hub live, and how the document goes.
 * The booking shows in the day once the hub's change feed brings it, like any other.
 */
export function BookForCitizen({ onClose }: { onClose(): void }): React.JSX.Element {
  const { t, language, errorText, time, longDate, shortDate } = useI18n();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  useModalDialog(dialog, onClose);
  const catalogue = useCatalogue();

  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [afm, setAfm] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [category, setCategory] = useState<Category | null>(null);
  const [interpreter, setInterpreter] = useState(false);
  const [serviceCode, setServiceCode] = useState('');
  const [description, setDescription] = useState('');
  const [day, setDay] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [delivery, setDelivery] = useState<DeliveryMethod>('email');
  const [postalAddress, setPostalAddress] = useState('');
  const [slots, setSlots] = useState<Slots | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [booked, setBooked] = useState<DeskBooked | null>(null);
  const result = useRef<HTMLDivElement>(null);

  const loadSlots = useCallback((c: Category) => {
    setSlots({ category: c, response: null, error: null });
    call('booking.slots', { category: c, days: SLOT_DAYS }).then(
      (response) => setSlots((s) => (s?.category === c ? { category: c, response, error: null } : s)),
      (e: unknown) => setSlots((s) => (s?.category === c ? { category: c, response: null, error: toErrorInfo(e) } : s)),
    );
  }, []);
  useEffect(() => {
    if (category !== null) loadSlots(category);
  }, [category, loadSlots]);
  // A refusal takes the focus to what it says; a success is announced, its close button focused.
  useEffect(() => {
    if (error) result.current?.focus();
  }, [error]);

  const categoryInfo = catalogue?.categories.find((c) => c.code === category) ?? null;
  const services = catalogue?.services.filter((s) => s.active && s.category === category) ?? [];
  const service = services.find((s) => s.code === serviceCode) ?? null;
  const openDays = slots?.response?.days.filter((d) => d.slots.length > 0) ?? [];
  const daySlots = openDays.find((d) => d.date === day)?.slots ?? [];
  const afmProblem = afm.length > 0 && !isValidAfm(afm.trim()) ? t('booking.afmInvalid') : null;

  const chooseCategory = (c: Category): void => {
    setCategory(c);
    setServiceCode('');
    setDay('');
    setStartsAt('');
    if (!catalogue?.categories.find((k) => k.code === c)?.interpreterOffered) setInterpreter(false);
  };

  const submit = async (): Promise<void> => {
    const required: Array<[string, boolean]> = [
      [t('booking.firstName'), firstName.trim() === ''],
      [t('booking.lastName'), lastName.trim() === ''],
      [t('booking.afm'), !isValidAfm(afm.trim())],
      [t('booking.email'), email.trim() === ''],
      [t('booking.category'), category === null],
      [t('booking.service'), service === null],
      [t('booking.description'), description.trim().length < 3],
      [t('booking.time'), startsAt === ''],
      [t('booking.postalAddress'), delivery === 'post' && postalAddress.trim().length < 5],
    ];
    const empty = required.filter(([, bad]) => bad).map(([label]) => label);
    setMissing(empty);
    setError(null);
    if (empty.length > 0 || category === null || service === null) return;
    setSubmitting(true);
    try {
      setBooked(
        await call('booking.create', {
          citizen: { firstName: firstName.trim(), lastName: lastName.trim(), afm: afm.trim() },
          email: email.trim(),
          phone: phone.trim() || null,
          category,
          interpreterNeeded: interpreter,
          serviceCode: service.code,
          description: description.trim(),
          startsAt,
          deliveryMethod: delivery,
          postalAddress: delivery === 'post' ? postalAddress.trim() : null,
        }),
      );
    } catch (e) {
      const info = toErrorInfo(e);
      setError(info);
      // Someone else took the time meanwhile: the times shown are stale, so ask again.
      if (info.reason === 'booking.slot_taken' || info.reason === 'booking.slot_unavailable') {
        setStartsAt('');
        loadSlots(category);
      }
    } finally {
      setSubmitting(false);
    }
  };

  const heading = <h2 id={`${id}-heading`}>{t('booking.heading')}</h2>;

  if (booked) {
    return (
      <dialog ref={dialog} className="dialog dialog-wide booking-dialog" aria-labelledby={`${id}-heading`} data-testid="booking-dialog">
        {heading}
        <div className="notice notice-ok" role="status" data-testid="booking-done">
          <p>{t('booking.done', { date: longDate(formatAthensDate(new Date(booked.startsAt))), time: time(booked.startsAt) })}</p>
          <p>
            {booked.confirmation === 'queued'
              ? t('booking.doneMail', {
                  email: email.trim(),
                  until: `${shortDate(formatAthensDate(new Date(booked.changeUntil)))} ${time(booked.changeUntil)}`,
                })
              : t('booking.doneNoMail')}
          </p>
        </div>
        <div className="dialog-actions">
          <button type="button" className="button button-primary" autoFocus data-testid="booking-close" onClick={onClose}>
            {t('booking.close')}
          </button>
        </div>
      </dialog>
    );
  }

  return (
    <dialog ref={dialog} className="dialog dialog-wide booking-dialog" aria-labelledby={`${id}-heading`} data-testid="booking-dialog">
      {heading}
      {!catalogue && (
        <div className="notice notice-error" role="alert" data-testid="booking-no-catalogue">
          <p>{t('booking.noCatalogue')}</p>
        </div>
      )}
      <form
        className="booking-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset className="booking-citizen">
          <legend className="field-label">{t('booking.citizen')}</legend>
          <Field label={t('booking.firstName')} value={firstName} onChange={setFirstName} autoComplete="off" autoFocus />
          <Field label={t('booking.lastName')} value={lastName} onChange={setLastName} autoComplete="off" />
          <Field label={t('booking.afm')} value={afm} onChange={setAfm} autoComplete="off" error={afmProblem} />
          <Field label={t('booking.email')} value={email} onChange={setEmail} autoComplete="off" hint={t('booking.emailHint')} />
          <Field label={t('booking.phone')} value={phone} onChange={setPhone} autoComplete="off" />
        </fieldset>

        <div className="booking-case">
          <fieldset className="booking-categories">
            <legend className="field-label">{t('booking.category')}</legend>
            {(catalogue?.categories ?? []).map((c) => (
              <label key={c.code} className="radio">
                <input
                  type="radio"
                  name={`${id}-category`}
                  value={c.code}
                  checked={category === c.code}
                  data-testid={`booking-category-${c.code}`}
                  onChange={() => chooseCategory(c.code as Category)}
                />
                <span>
                  {c.code} · {c.name[language]}
                </span>
              </label>
            ))}
            {categoryInfo?.interpreterOffered && (
              <label className="checkbox">
                <input type="checkbox" checked={interpreter} data-testid="booking-interpreter" onChange={(e) => setInterpreter(e.target.checked)} />
                <span>{t('booking.interpreter')}</span>
              </label>
            )}
          </fieldset>

          <div className="field">
            <label htmlFor={`${id}-service`}>{t('booking.service')}</label>
            <select
              id={`${id}-service`}
              value={serviceCode}
              disabled={category === null}
              data-testid="booking-service"
              aria-describedby={service ? `${id}-documents` : undefined}
              onChange={(e) => setServiceCode(e.target.value)}
            >
              <option value="">{t('booking.chooseService')}</option>
              {services.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name[language]}
                </option>
              ))}
            </select>
            {service && (
              <div id={`${id}-documents`} className="booking-documents" data-testid="booking-documents">
                <p className="field-hint">{service.documents.length > 0 ? t('booking.documents') : t('booking.noDocuments')}</p>
                {service.documents.length > 0 && (
                  <ul>
                    {service.documents.map((d) => (
                      <li key={d.el}>{d[language]}</li>
                    ))}
                  </ul>
                )}
              </div>
            )}
          </div>

          <div className="field">
            <label htmlFor={`${id}-description`}>{t('booking.description')}</label>
            <textarea
              id={`${id}-description`}
              rows={2}
              maxLength={1000}
              value={description}
              data-testid="booking-description"
              onChange={(e) => setDescription(e.target.value)}
            />
          </div>
        </div>

        <div className="booking-slot">
          <div className="field">
            <label htmlFor={`${id}-day`}>{t('booking.day')}</label>
            <select
              id={`${id}-day`}
              value={day}
              disabled={openDays.length === 0}
              data-testid="booking-day"
              onChange={(e) => {
                setDay(e.target.value);
                setStartsAt('');
              }}
            >
              <option value="">{t('booking.chooseDay')}</option>
              {openDays.map((d) => (
                <option key={d.date} value={d.date}>
                  {shortDate(d.date)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-time`}>{t('booking.time')}</label>
            <select
              id={`${id}-time`}
              value={startsAt}
              disabled={daySlots.length === 0}
              data-testid="booking-time"
              onChange={(e) => setStartsAt(e.target.value)}
            >
              <option value="">{t('booking.chooseTime')}</option>
              {daySlots.map((s) => (
                <option key={s.startsAt} value={s.startsAt}>
                  {time(s.startsAt)}–{time(s.endsAt)}
                </option>
              ))}
            </select>
          </div>
          <p className="field-hint booking-slot-note" role="status">
            {category === null
              ? t('booking.chooseCategoryFirst')
              : slots?.error
                ? errorText(slots.error)
                : !slots?.response
                  ? t('booking.loadingSlots')
                  : openDays.length === 0
                    ? t('booking.noSlots')
                    : ''}
          </p>
        </div>

        <fieldset className="booking-delivery">
          <legend className="field-label">{t('booking.delivery')}</legend>
          {DELIVERY_METHODS.map((m) => (
            <label key={m} className="radio">
              <input
                type="radio"
                name={`${id}-delivery`}
                value={m}
                checked={delivery === m}
                data-testid={`booking-delivery-${m}`}
                onChange={() => setDelivery(m)}
              />
              <span>{t(`delivery.${m}`)}</span>
            </label>
          ))}
          {delivery === 'post' && <Field label={t('booking.postalAddress')} value={postalAddress} onChange={setPostalAddress} autoComplete="off" />}
        </fieldset>

        <div ref={result} tabIndex={-1} className="booking-problems">
          {missing.length > 0 && (
            <p className="field-error" role="alert" data-testid="booking-missing">
              {t('booking.missing', { fields: missing.join(', ') })}
            </p>
          )}
          {error && (
            <div className="notice notice-error" role="alert" data-testid="booking-error">
              <p>{errorText(error)}</p>
            </div>
          )}
        </div>

        <div className="dialog-actions">
          <button type="submit" className="button button-primary" disabled={submitting || !catalogue} data-testid="booking-submit">
            {submitting ? t('booking.submitting') : t('booking.submit')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('booking.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
