import type { CallError, CallErrorCode } from '../api/client.js';

const titles: Partial<Record<CallErrorCode, string>> = {
  NOT_A_WORKSPACE: 'This is not a Countersign workspace',
  CORRUPT_WORKSPACE: 'The workspace file is damaged',
  WORKSPACE_TOO_NEW: 'This workspace was made by a newer Countersign',
  WORKSPACE_LOCKED: 'The workspace is open somewhere else',
  READ_ONLY_LOCATION: 'The location cannot be written to',
  ALREADY_EXISTS: 'A file with that name already exists',
  NOT_FOUND: 'Not found',
  NO_WORKSPACE: 'No workspace is open',
  NO_ACTOR: 'Choose who is acting',
  CONFLICT: 'That change cannot be made',
  INVALID_INPUT: 'Some answers need a second look',
  DISCONNECTED: 'Countersign is not reachable',
  UNKNOWN_METHOD: 'This action is not available',
  UNSUPPORTED: 'Not supported',
  INTERNAL: 'Something went wrong',
};

const hints: Partial<Record<CallErrorCode, string>> = {
  NOT_A_WORKSPACE: 'Workspaces are the .countersign files that Countersign creates. Nothing was changed.',
  CORRUPT_WORKSPACE: 'Restore the file from a backup copy. Countersign did not change it.',
  WORKSPACE_LOCKED: 'Close it in the other window or program, then try again.',
  READ_ONLY_LOCATION: 'Copy the file to a folder you can write to, or choose another folder.',
  WORKSPACE_TOO_NEW: 'Update Countersign to open it. The file was not changed.',
};

interface Props {
  error: CallError;
  /** The file the action was about: named in the notice when the message does not already name it. */
  file?: string | undefined;
  title?: string | undefined;
  /** Replaces the core's message, e.g. when the fields themselves show the details. */
  message?: string | undefined;
  onDismiss?: (() => void) | undefined;
}

/** An error from the core, shown as the core worded it, with a title and what to do next. */
export const ErrorNotice = ({ error, file, title, message, onDismiss }: Props) => (
  <div className="notice notice-error" role="alert" data-code={error.code}>
    <div className="notice-body">
      <p className="notice-title">{title ?? titles[error.code] ?? 'That did not work'}</p>
      <p className="notice-message">{message ?? error.message}</p>
      {file && !error.message.includes(file) ? (
        <p className="notice-file">
          File: <code>{file}</code>
        </p>
      ) : null}
      {hints[error.code] ? <p className="notice-hint">{hints[error.code]}</p> : null}
    </div>
    {onDismiss ? (
      <button type="button" className="button button-quiet notice-dismiss" onClick={onDismiss} aria-label="Dismiss this message">
        ×
      </button>
    ) : null}
  </div>
);
