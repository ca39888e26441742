import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { RecentWorkspace } from '../../../shared/domain/workspace.js';

const MAX_RECENT = 10;
const StoredRecent = z.array(z.object({ path: z.string(), organisation: z.string(), openedAt: z.string() }));
type StoredRecent = z.infer<typeof StoredRecent>;

/** The recent-workspaces list, a small JSON file in the app data folder. A damaged list starts empty. */
export class RecentWorkspaces {
  private readonly file: string;

  constructor(appDataDir: string) {
    this.file = join(appDataDir, 'recent-workspaces.json');
  }

  list(): RecentWorkspace[] {
    return this.read().map((entry) => ({ ...entry, exists: existsSync(entry.path) }));
  }

  remember(path: string, organisation: string, at = new Date()): void {
    this.write([{ path, organisation, openedAt: at.toISOString() }, ...this.read().filter((entry) => entry.path !== path)].slice(0, MAX_RECENT));
  }

  forget(path: string): RecentWorkspace[] {
    this.write(this.read().filter((entry) => entry.path !== path));
    return this.list();
  }

  private read(): StoredRecent {
    try {
      const parsed = StoredRecent.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }

  private write(entries: StoredRecent): void {
    mkdirSync(join(this.file, '..'), { recursive: true });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(entries, null, 2));
    renameSync(temp, this.file);
  }
}
