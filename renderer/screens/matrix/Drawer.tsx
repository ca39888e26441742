import type { ReactNode } from 'react';
import { useModalDialog } from '../../components/useModalDialog.js';

interface Props {
  title: ReactNode;
  /** A line under the title: what kind of thing this is. */
  kicker?: ReactNode;
  open: boolean;
  onClose(): void;
  children: ReactNode;
}

/**
 * The detail panel of the matrix: a modal side sheet on the native <dialog>, so focus stays inside,
 * Escape closes it and focus returns to the row that opened it.
 */
export const Drawer = ({ title, kicker, open, onClose, children }: Props) => {
  const { ref, onCancel } = useModalDialog(open, onClose);

  return (
    <dialog
      ref={ref}
      className="matrix-drawer"
      aria-labelledby="drawer-title"
      onCancel={onCancel}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (event.target === event.currentTarget) onClose();
      }}
    >
      {open ? (
        <div className="drawer-inner">
          <header className="drawer-header">
            <div>
              {kicker ? <p className="drawer-kicker">{kicker}</p> : null}
              <h2 id="drawer-title">{title}</h2>
            </div>
            <button type="button" className="button button-quiet drawer-close" onClick={onClose} aria-label="Close the details">
              ×
            </button>
          </header>
          <div className="drawer-body">{children}</div>
        </div>
      ) : null}
    </dialog>
  );
};
