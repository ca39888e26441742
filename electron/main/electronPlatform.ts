import { app, dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import { homedir } from 'node:os';
import { extname, join } from 'node:path';
import type { FileChoice } from '../../shared/contract/index.js';
import type { PlatformPort } from '../core/context.js';
import { sanitizeFileName } from '../core/platform/fileNames.js';

export const WORKSPACE_FILTER = { name: 'Countersign workspace (*.countersign)', extensions: ['countersign'] };

const documentsDir = (): string => {
  if (process.env.COUNTERSIGN_DOCUMENTS_DIR) return process.env.COUNTERSIGN_DOCUMENTS_DIR;
  try {
    return app.getPath('documents');
  } catch {
    return homedir();
  }
};

/** A save dialog on Linux does not add the extension: a workspace file always ends in .countersign. */
export const withWorkspaceExtension = (path: string): string => (extname(path).toLowerCase() === '.countersign' ? path : `${path}.countersign`);

/**
 * The desktop door's platform port: the app's own folders from Electron and native open/save dialogs,
 * attached to the app window when there is one. Call it after `app.whenReady()`.
 */
export const createElectronPlatform = (getWindow: () => BrowserWindow | null): PlatformPort => {
  const showOpen = (options: OpenDialogOptions) => {
    const window = getWindow();
    return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
  };
  const showSave = (options: SaveDialogOptions) => {
    const window = getWindow();
    return window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options);
  };
  const documents = documentsDir();

  return {
    mode: 'desktop',
    appDataDir: app.getPath('userData'),
    documentsDir: documents,
    async chooseWorkspaceToOpen(): Promise<FileChoice> {
      const result = await showOpen({
        title: 'Open a Countersign workspace',
        defaultPath: documents,
        buttonLabel: 'Open',
        filters: [WORKSPACE_FILTER],
        properties: ['openFile'],
      });
      const path = result.filePaths[0];
      return result.canceled || !path ? { status: 'cancelled' } : { status: 'chosen', path };
    },
    async chooseWorkspaceToCreate(suggestedName: string): Promise<FileChoice> {
      const result = await showSave({
        title: 'Create a Countersign workspace',
        defaultPath: join(documents, `${sanitizeFileName(suggestedName)}.countersign`),
        buttonLabel: 'Create',
        filters: [WORKSPACE_FILTER],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      return result.canceled || !result.filePath ? { status: 'cancelled' } : { status: 'chosen', path: withWorkspaceExtension(result.filePath) };
    },
  };
};
