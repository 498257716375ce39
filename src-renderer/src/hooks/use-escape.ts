import { useEffect } from 'react';

/** Escape closes the dialog, wherever the focus is. */
export function useEscape(onEscape: () => void): void {
  useEffect(() => {
    const listener = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onEscape();
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [onEscape]);
}
