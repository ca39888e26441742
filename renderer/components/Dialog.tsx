import type { ReactNode } from 'react';
import { useModalDialog } from './useModalDialog.js';

interface Props {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  /** Shown under the title. */
  description?: ReactNode;
}

/**
 * A modal on the native <dialog>: focus stays inside, Escape closes it, focus returns to what
 * opened it.
 */
export const Dialog = ({ title, open, onClose, children, description }: Props) => {
  const { ref, onCancel } = useModalDialog(open, onClose);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="dialog-title"
      onCancel={onCancel}
    >
      {open ? (
        <>
          <header className="dialog-header">
            <h2 id="dialog-title">{title}</h2>
            {description ? <p className="dialog-description">{description}</p> : null}
          </header>
          {children}
        </>
      ) : null}
    </dialog>
  );
};
