import { useEffect, useRef, type SyntheticEvent } from 'react';

/**
 * Drives a native <dialog> as a modal from React state: showModal() keeps focus inside and returns it
 * to what opened it; Escape asks the owner to close rather than closing behind its back.
 */
export const useModalDialog = (open: boolean, onClose: () => void) => {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const onCancel = (event: SyntheticEvent<HTMLDialogElement>) => {
    event.preventDefault();
    onClose();
  };

  return { ref, onCancel };
};
