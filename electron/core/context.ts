import type { FileChoice } from '../../shared/contract/index.js';
import type { Person } from '../../shared/domain/people.js';
import { JobRegistry } from './jobs/jobs.js';
import type { Workspace } from './workspace/workspace.js';

/** What each door provides that only it can: native dialogs and where the app keeps its own files. */
export interface PlatformPort {
  mode: 'desktop' | 'browser' | 'cli';
  /** Recent list, the demo workspace and other per-user files live here. */
  appDataDir: string;
  /** Where new workspaces are suggested. */
  documentsDir: string;
  chooseWorkspaceToOpen(): Promise<FileChoice>;
  chooseWorkspaceToCreate(suggestedName: string): Promise<FileChoice>;
}

/** The open workspace and who is acting, for one window (desktop) or one browser-mode server. */
export class Session {
  workspace: Workspace | null = null;
  actor: Person | null = null;
  readonly jobs = new JobRegistry();

  replace(workspace: Workspace, actor: Person | null): void {
    this.close();
    this.workspace = workspace;
    this.actor = actor;
  }

  close(): boolean {
    const had = this.workspace !== null;
    this.workspace?.close();
    this.workspace = null;
    this.actor = null;
    return had;
  }
}

export interface CoreContext {
  platform: PlatformPort;
  session: Session;
  /** Where a door logs failures nobody foresaw (the app's console); the CLI keeps stderr to one line. */
  reportUnexpected?: (method: string, error: unknown) => void;
}
