import { useEffect, useState } from 'react';
import type { SlotsResponse } from '../../../../src-shared/protocol/booking';
import { ApiCallError, isAbort } from '../../api-client';
import { SlotPicker } from '../../components/SlotPicker';
import { fetchSlots } from '../booking-api';
import type { Draft } from '../draft';

export interface TimeStepProps {
  kepId: string;
  category: number;
  draft: Draft;
  /** Changes when the free slots must be asked again (a slot just taken by someone else). */
  reload: number;
  onChange(patch: Partial<Draft>): void;
  onExpired(): void;
}

/** The KEP's free days and times for the next month, for this category. */
export function TimeStep({ kepId, category, draft, reload, onChange, onExpired }: TimeStepProps): React.JSX.Element {
  const [slots, setSlots] = useState<SlotsResponse | null>(null);
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    fetchSlots(kepId, category, controller.signal).then(
      (answer) => {
        setSlots(answer);
        setFailed(false);
        setLoading(false);
      },
      (error: unknown) => {
        if (isAbort(error)) return;
        setLoading(false);
        if (error instanceof ApiCallError && error.status === 401) onExpired();
        else setFailed(true);
      },
    );
    return () => controller.abort();
  }, [kepId, category, reload, attempt, onExpired]);

  // A time kept from before that is no longer free is let go of.
  const free = draft.startsAt === null || (slots?.days.some((d) => d.slots.some((s) => s.startsAt === draft.startsAt)) ?? true);
  useEffect(() => {
    if (!free) onChange({ startsAt: null });
  }, [free, onChange]);

  return (
    <SlotPicker
      slots={slots}
      loading={loading}
      failed={failed}
      day={draft.day}
      startsAt={free ? draft.startsAt : null}
      onDay={(day) => onChange({ day, startsAt: null })}
      onTime={(startsAt) => onChange({ startsAt })}
      onRetry={() => setAttempt((n) => n + 1)}
    />
  );
}
