import { type RefObject, useEffect, useState } from 'react';
import { useLatest } from '../../../src-web/hooks/use-latest';

const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Shows a `<dialog>` as a real modal (`showModal()`: the page behind is inert), keeps Tab and
 * Shift+Tab inside it (the browser would otherwise let Tab leave for its own toolbar), closes it
 * on Escape, and gives the focus back to what had it before, usually the button that opened it.
 */
export function useModalDialog(dialog: RefObject<HTMLDialogElement | null>, onClose: () => void): void {
  const close = useLatest(onClose);
  // Read at the first render: by the time effects run, a control's autoFocus has already moved it.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    element.showModal();
    const onCancel = (event: Event): void => {
      // The parent decides when the dialog goes (it unmounts it), not the browser.
      event.preventDefault();
      close.current();
    };
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key !== 'Tab') return;
      const tabbable = [...element.querySelectorAll<HTMLElement>(TABBABLE)];
      const first = tabbable[0];
      const last = tabbable[tabbable.length - 1];
      if (!first || !last) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    };
    element.addEventListener('cancel', onCancel);
    element.addEventListener('keydown', onKeyDown);
    return () => {
      element.removeEventListener('cancel', onCancel);
      element.removeEventListener('keydown', onKeyDown);
      if (element.open) element.close();
      opener?.focus();
    };
  }, [dialog, close, opener]);
}
