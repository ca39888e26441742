import { useEffect, useState } from 'react';

interface Props {
  text: string;
  /** The element showing the text: selected for the person to copy when the clipboard is refused. */
  targetId: string;
  /** Accessible name, e.g. "Copy the export command". */
  label: string;
}

/** Copies text with the clipboard API; where the window may not write the clipboard, selects the text instead. */
export const CopyButton = ({ text, targetId, label }: Props) => {
  const [state, setState] = useState<'idle' | 'copied' | 'refused'>('idle');

  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  useEffect(() => setState('idle'), [text]);

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      const target = document.getElementById(targetId);
      const selection = window.getSelection();
      if (target && selection) selection.selectAllChildren(target);
      setState('refused');
    }
  };

  return (
    <span className="copy">
      <button type="button" className="button button-small" aria-label={label} onClick={() => void copy()}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span className="copy-status" role="status">
        {state === 'copied' ? <span className="visually-hidden">Copied</span> : null}
        {state === 'refused' ? 'The clipboard is not available here: the text is selected, press Ctrl+C (⌘C on a Mac) to copy it.' : null}
      </span>
    </span>
  );
};
