import { useEffect, useRef } from 'react';

/**
 * Moves the keyboard and screen-reader focus to a new view's heading when it appears, so a
 * person using the keyboard starts reading the new step from its top.
 */
export function useFocusOnMount<T extends HTMLElement>(enabled = true): React.RefObject<T | null> {
  const ref = useRef<T>(null);
  const enabledWhenShown = useRef(enabled);
  useEffect(() => {
    if (enabledWhenShown.current) ref.current?.focus({ preventScroll: false });
  }, []); // only when the view appears
  return ref;
}
