import { useLayoutEffect, useRef } from 'react';

/**
 * The value of the latest render, for long-lived callbacks (a call's session events) that must
 * use it without making an effect re-run, and so tear down what it set up, when it changes.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
