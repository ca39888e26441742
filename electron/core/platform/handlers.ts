import type { Handlers } from '../handlerTypes.js';
import { APP_VERSION } from '../version.js';

/** app.* and dialog.*: answered by the door's platform port. */
export const platformHandlers = {
  'app.info': (_input, { platform }) => ({
    version: APP_VERSION,
    mode: platform.mode === 'desktop' ? 'desktop' : 'browser',
    nativeDialogs: platform.mode === 'desktop',
  }),
  'dialog.chooseWorkspaceToOpen': (_input, { platform }) => platform.chooseWorkspaceToOpen(),
  'dialog.chooseWorkspaceToCreate': (input, { platform }) => platform.chooseWorkspaceToCreate(input.suggestedName),
} satisfies Handlers<'app.info' | 'dialog.chooseWorkspaceToOpen' | 'dialog.chooseWorkspaceToCreate'>;
