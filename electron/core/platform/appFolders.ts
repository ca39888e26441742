import { existsSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';

/** Where Countersign keeps per-user files when no Electron app path is available (browser mode, CLI). */
export const defaultAppDataDir = (): string => {
  if (process.env.COUNTERSIGN_DATA_DIR) return process.env.COUNTERSIGN_DATA_DIR;
  if (platform() === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Countersign');
  if (platform() === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Countersign');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Countersign');
};

export const defaultDocumentsDir = (): string => {
  const documents = join(homedir(), 'Documents');
  return process.env.COUNTERSIGN_DOCUMENTS_DIR ?? (existsSync(documents) ? documents : homedir());
};
