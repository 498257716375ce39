import type { ReactNode } from 'react';

/** A booking's facts as a definition list (term, then what was chosen). */
export function BookingSummary({ rows }: { rows: ReadonlyArray<readonly [string, ReactNode]> }): React.JSX.Element {
  return (
    <dl className="booking-summary">
      {rows.map(([term, value]) => (
        <div key={term} className="booking-summary-row">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
