/**
 * Whether nobody holds the keyboard focus: it fell to the page when the control that had it was
 * disabled or removed (a ticked checklist item, say). Only then may a panel take it, so focus is
 * never pulled away from where the employee has gone meanwhile.
 */
export function focusIsLost(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || (active as HTMLInputElement).disabled === true;
}
