import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs` (for the now-marker and time-based actions). */
export function useNow(everyMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
