import { useCallback, useEffect, useState } from 'react';
import type { BookingResponse, Catalogue, CitizenBookingRequest, CitizenIdentity } from '../../../../src-shared/protocol/booking';
import { ApiCallError, isAbort } from '../../api-client';
import { Header } from '../../components/Header';
import { PageError } from '../../components/PageError';
import type { PlainKey } from '../../../../src-web/i18n/translate';
import type { Messages } from '../../i18n/create-i18n';
import { useI18n } from '../../i18n/i18n';
import { book, fetchCatalogue, fetchMe, signOut } from '../booking-api';
import { type BookingStep, clearDraft, type Draft, EMPTY_DRAFT, loadDraft, saveDraft } from '../draft';
import { Steps } from '../../components/Steps';
import { caseComplete, CaseStep } from './CaseStep';
import { Confirmation } from './Confirmation';
import { ContactStep, contactComplete } from './ContactStep';
import { KepStep } from './KepStep';
import { ReviewStep } from './ReviewStep';
import { SignInStart } from './SignInStart';
import { StepCard } from './StepCard';
import { TimeStep } from './TimeStep';

type Message = PlainKey<Messages>;

type Session =
  { state: 'loading' } | { state: 'out' } | { state: 'expired' } | { state: 'failed' } | { state: 'in'; me: CitizenIdentity; catalogue: Catalogue };

/** What a refusal of the booking means for the citizen, and which step they go back to. */
function refusalOf(error: unknown): { message: Message; step: BookingStep } {
  if (error instanceof ApiCallError) {
    switch (error.reason) {
      case 'booking.slot_taken':
      case 'booking.slot_unavailable':
        return { message: `book.refused.${error.reason}`, step: 3 };
      case 'booking.no_video_service':
        return { message: 'book.refused.booking.no_video_service', step: 1 };
      case 'booking.unknown_service':
        return { message: 'book.refused.booking.unknown_service', step: 2 };
      case 'booking.offline':
        return { message: 'book.refused.booking.offline', step: 5 };
      default:
        if (error.status === 400) return { message: 'book.refused.invalid', step: 5 };
    }
  }
  return { message: 'book.refused.other', step: 5 };
}

/** The request as the contract wants it, from what the citizen entered; null while something is missing. */
function requestOf(draft: Draft): CitizenBookingRequest | null {
  if (!draft.kep || !draft.category || !draft.startsAt) return null;
  return {
    kepId: draft.kep.id,
    category: draft.category,
    serviceCode: draft.serviceCode,
    description: draft.description.trim(),
    interpreterNeeded: draft.interpreterNeeded === true,
    startsAt: draft.startsAt,
    email: draft.email.trim(),
    phone: draft.phone.trim() || null,
    deliveryMethod: draft.deliveryMethod,
    postalAddress: draft.deliveryMethod === 'post' ? draft.postalAddress.trim() : null,
  };
}

/**
 * The booking page: sign in with TAXISnet, then five steps (KEP, case, day and time, contact,
 * review) and the confirmation. What the citizen enters is kept for the tab, so a sign-in that
 * expires midway loses nothing.
 */
export function BookingApp(): React.JSX.Element {
  const { t } = useI18n();
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [draft, setDraft] = useState<Draft>(loadDraft);
  const [error, setError] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const [reloadSlots, setReloadSlots] = useState(0);
  const [result, setResult] = useState<BookingResponse | null>(null);
  const [signOutFailed, setSignOutFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([fetchMe(controller.signal), fetchCatalogue(controller.signal)]).then(
      ([me, catalogue]) => setSession({ state: 'in', me, catalogue }),
      (failure: unknown) => {
        if (isAbort(failure)) return;
        setSession(failure instanceof ApiCallError && failure.status === 401 ? { state: 'out' } : { state: 'failed' });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  useEffect(() => {
    if (!result) saveDraft(draft);
  }, [draft, result]);

  const change = useCallback((patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch })), []);
  /** What the citizen changes by hand: a message about what was there before no longer applies. */
  const edit = useCallback((patch: Partial<Draft>) => {
    setError(null);
    setDraft((d) => ({ ...d, ...patch }));
  }, []);
  const expired = useCallback(() => setSession({ state: 'expired' }), []);
  const go = (step: BookingStep): void => {
    setError(null);
    change({ step });
  };
  const next = (ok: boolean, message: Message, step: BookingStep): void => {
    if (ok) go(step);
    else setError(message);
  };

  const submit = (): void => {
    const request = requestOf(draft);
    if (!request || busy) return;
    setBusy(true);
    setError(null);
    book(request).then(
      (answer) => {
        setBusy(false);
        clearDraft();
        setResult(answer);
      },
      (failure: unknown) => {
        setBusy(false);
        if (failure instanceof ApiCallError && failure.status === 401) return expired();
        const refusal = refusalOf(failure);
        if (refusal.step === 3) {
          change({ step: 3, startsAt: null });
          setReloadSlots((n) => n + 1);
        } else change({ step: refusal.step });
        setError(refusal.message);
      },
    );
  };

  const leave = (): void => {
    void signOut().then((done) => {
      setSignOutFailed(!done);
      if (!done) return;
      clearDraft();
      setDraft(EMPTY_DRAFT);
      setResult(null);
      setSession({ state: 'out' });
    });
  };

  let content: React.JSX.Element;
  if (session.state === 'loading') {
    content = (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  } else if (session.state === 'out' || session.state === 'expired') {
    content = <SignInStart expired={session.state === 'expired'} />;
  } else if (session.state === 'failed') {
    content = (
      <PageError title={t('book.title')}>
        <p>{t('book.loadFailed')}</p>
        <div className="actions">
          <button type="button" className="button button-primary" onClick={() => setAttempt((n) => n + 1)}>
            {t('book.retry')}
          </button>
        </div>
      </PageError>
    );
  } else if (result) {
    content = (
      <Confirmation
        result={result}
        kepName={draft.kep?.name ?? result.appointment.kepId}
        catalogue={session.catalogue}
        onAnother={() => {
          setResult(null);
          setDraft({ ...EMPTY_DRAFT, email: draft.email, phone: draft.phone });
        }}
      />
    );
  } else {
    const { catalogue } = session;
    const step = draft.step;
    content = (
      <>
        <Steps kind="booking" current={step} />
        {step === 1 && (
          <StepCard key={1} id="kep" title={t('book.kep.title')} error={error && t(error)} onNext={() => next(draft.kep !== null, 'book.kep.required', 2)}>
            <KepStep kep={draft.kep} onKep={(kep) => edit(kep.id === draft.kep?.id ? { kep } : { kep, day: null, startsAt: null })} onExpired={expired} />
          </StepCard>
        )}
        {step === 2 && (
          <StepCard
            key={2}
            id="case"
            title={t('book.case.title')}
            error={error && t(error)}
            onBack={() => go(1)}
            onNext={() => next(caseComplete(catalogue, draft), 'book.case.required', 3)}
          >
            <CaseStep catalogue={catalogue} draft={draft} onChange={edit} />
          </StepCard>
        )}
        {step === 3 && draft.kep && draft.category && (
          <StepCard
            key={3}
            id="time"
            title={t('book.time.title')}
            error={error && t(error)}
            onBack={() => go(2)}
            onNext={() => next(draft.startsAt !== null, 'book.time.required', 4)}
          >
            <TimeStep kepId={draft.kep.id} category={draft.category} draft={draft} reload={reloadSlots} onChange={edit} onExpired={expired} />
          </StepCard>
        )}
        {step === 4 && (
          <StepCard
            key={4}
            id="contact"
            title={t('book.contact.title')}
            error={error && t(error)}
            onBack={() => go(3)}
            onNext={() => next(contactComplete(draft), 'book.contact.required', 5)}
          >
            <ContactStep draft={draft} onChange={edit} />
          </StepCard>
        )}
        {step === 5 && (
          <StepCard
            key={5}
            id="review"
            title={t('book.review.title')}
            error={error && t(error)}
            busy={busy}
            onBack={() => go(4)}
            onNext={submit}
            nextLabel={t(busy ? 'book.review.submitting' : 'book.review.submit')}
          >
            <ReviewStep catalogue={catalogue} draft={draft} />
          </StepCard>
        )}
        {step === 3 && (!draft.kep || !draft.category) && (
          <StepCard key="missing" id="missing" title={t('book.time.title')} error={t('book.time.required')} onBack={() => go(draft.kep ? 2 : 1)}>
            {null}
          </StepCard>
        )}
      </>
    );
  }

  return (
    <div className="page">
      <Header title="book.title" />
      {session.state === 'in' && (
        <div className="signed-in" data-testid="book-signed-in">
          <p>{t('book.signedInAs', { name: `${session.me.firstName} ${session.me.lastName}`, afm: session.me.afm.slice(-3) })}</p>
          <button type="button" className="button button-small" onClick={leave} data-testid="book-sign-out">
            {t('book.signOut')}
          </button>
          {signOutFailed && (
            <p className="notice notice-error" role="alert">
              {t('book.signOutFailed')}
            </p>
          )}
        </div>
      )}
      <main className="main" id="main">
        {content}
      </main>
    </div>
  );
}
