import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';
import { CoreError } from '../errors.js';

const LockOwner = z.object({ pid: z.number().int(), host: z.string(), since: z.string() });

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * One writer per workspace: a lock file beside it names the process that has it open. A lock left
 * by a process that has died on this machine is taken over; anything else is refused.
 */
export class WorkspaceLock {
  private constructor(private readonly lockPath: string) {}

  static acquire(workspacePath: string): WorkspaceLock {
    const lockPath = `${workspacePath}.lock`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(lockPath, 'wx');
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
        closeSync(fd);
        return new WorkspaceLock(lockPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = LockOwner.safeParse(safeReadJson(lockPath));
      const stale = !owner.success || (owner.data.host === hostname() && !isRunning(owner.data.pid));
      if (!stale) {
        const where = owner.data.host === hostname() ? `process ${owner.data.pid}` : `${owner.data.host}`;
        throw new CoreError(
          'WORKSPACE_LOCKED',
          `${workspacePath} is already open in another Countersign window (${where}, since ${owner.data.since}). Close it there first.`,
        );
      }
      rmSync(lockPath, { force: true });
    }
    throw new CoreError('WORKSPACE_LOCKED', `${workspacePath} could not be locked for writing. Try again.`);
  }

  release(): void {
    rmSync(this.lockPath, { force: true });
  }
}

const safeReadJson = (path: string): unknown => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
};
