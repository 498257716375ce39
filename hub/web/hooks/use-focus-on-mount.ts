import { useEffect, useRef } from 'react';

/**
 * Moves the keyboard and screen-reader focus to a new view's heading when it appears, so a
 * person using the keyboard starts reading the new step from its top.
 */
export function useFocusOnMount<T extends HTMLElement>(): React.RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  return ref;
}
