/** A few line icons drawn inline (no image files, no icon font): always beside words, never instead of them. */
const PATHS = {
  idCard: 'M3 6h18v12H3z M7 10.5a1.8 1.8 0 1 0 3.6 0a1.8 1.8 0 1 0 -3.6 0 M5.8 15.5c.5-1.6 1.6-2.3 3-2.3s2.5.7 3 2.3 M14 10h4 M14 13h4',
  lock: 'M6 11h12v9H6z M8.5 11V8a3.5 3.5 0 0 1 7 0v3',
  check: 'M5 12.5l4.5 4.5L19 7.5',
  cross: 'M6.5 6.5l11 11 M17.5 6.5l-11 11',
  question: 'M9.2 9.2a2.9 2.9 0 1 1 3.9 2.7c-.7.3-1.1.9-1.1 1.6v.8 M12 17.6v.1',
  camera: 'M3 7h12v10H3z M15 10.5l6-3.5v10l-6-3.5',
  microphone: 'M9.5 4.5a2.5 2.5 0 0 1 5 0v7a2.5 2.5 0 0 1 -5 0z M6 11a6 6 0 0 0 12 0 M12 17v3.5',
  speaker: 'M4 9.5h3.5L12 5.5v13l-4.5-4H4z M15.5 9a4 4 0 0 1 0 6 M18 6.5a7.5 7.5 0 0 1 0 11',
  phone: 'M6.6 3.5h3l1.4 4-2 1.4a11 11 0 0 0 6.1 6.1l1.4-2 4 1.4v3a2 2 0 0 1-2.2 2A17 17 0 0 1 4.6 5.7a2 2 0 0 1 2-2.2z',
  send: 'M4 12l16-8-6 16-2.5-6.5z M11.5 13.5L20 4',
  file: 'M6 3h8l4 4v14H6z M14 3v4h4',
  download: 'M12 4v11 M7.5 10.5L12 15l4.5-4.5 M5 19.5h14',
  inbox: 'M4 13l2.5-8h11l2.5 8v6H4z M4 13h4.5l1 2.5h5l1-2.5H20',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, className = 'icon' }: { name: IconName; className?: string }): React.JSX.Element {
  return (
    <svg
      className={className}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
