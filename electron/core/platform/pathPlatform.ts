import { join } from 'node:path';
import { sanitizeFileName } from './fileNames.js';
import type { PlatformPort } from '../context.js';

/**
 * The platform port for doors without native dialogs (browser mode, the CLI, tests):
 * the UI asks the person to type a path and this suggests one.
 */
export const createPathPlatform = (options: { mode: 'browser' | 'cli'; appDataDir: string; documentsDir: string }): PlatformPort => ({
  mode: options.mode,
  appDataDir: options.appDataDir,
  documentsDir: options.documentsDir,
  chooseWorkspaceToOpen: async () => ({ status: 'type-a-path', suggestedPath: join(options.documentsDir, '') }),
  chooseWorkspaceToCreate: async (suggestedName) => ({
    status: 'type-a-path',
    suggestedPath: join(options.documentsDir, `${sanitizeFileName(suggestedName)}.countersign`),
  }),
});
