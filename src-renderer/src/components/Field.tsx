import { useId } from 'react';

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: string;
  error?: string | null;
  type?: 'text' | 'password' | 'url';
  autoComplete?: string;
  autoFocus?: boolean;
}

/** A labelled input whose hint and error are announced with it. */
export function Field({ label, value, onChange, hint, error, type = 'text', autoComplete, autoFocus }: Props): React.JSX.Element {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        autoComplete={autoComplete}
        autoFocus={autoFocus}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
