import type { ReactNode } from 'react';
import { useFocusOnMount } from '../hooks/use-focus-on-mount';

/** A problem the person must know about, in plain words, with what they can do about it. */
export function PageError({ title, children }: { title: string; children: ReactNode }): React.JSX.Element {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card page-error" data-testid="page-error" role="alert" aria-labelledby="page-error-title">
      <h1 id="page-error-title" ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </section>
  );
}
