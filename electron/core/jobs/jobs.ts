import { randomUUID } from 'node:crypto';
import type { Job } from '../../../shared/domain/jobs.js';
import { CoreError } from '../errors.js';

export interface JobControl {
  signal: AbortSignal;
  progress(fraction: number, message: string): void;
}

interface RunningJob {
  job: Job;
  controller: AbortController;
}

const KEEP_FINISHED = 20;

/**
 * Long work (imports, exports) runs as a job: the door gets an id at once and polls progress, so no
 * window freezes, and a cancel reaches the work through its AbortSignal.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, RunningJob>();

  start<T>(kind: string, work: (control: JobControl) => Promise<T>): Job {
    const controller = new AbortController();
    const job: Job = { id: randomUUID(), kind, state: 'running', progress: 0, message: 'Starting…', result: null, error: null, startedAt: new Date().toISOString() };
    this.jobs.set(job.id, { job, controller });
    const control: JobControl = {
      signal: controller.signal,
      progress: (fraction, message) => {
        job.progress = Math.max(0, Math.min(1, fraction));
        job.message = message;
      },
    };
    // Let the caller receive the id before the work begins.
    setImmediate(() => {
      work(control).then(
        (result) => {
          Object.assign(job, { state: 'done', progress: 1, message: 'Done', result });
        },
        (error: unknown) => {
          const cancelled = controller.signal.aborted;
          const code = error instanceof CoreError ? error.code : 'INTERNAL';
          const message = error instanceof Error ? error.message : String(error);
          Object.assign(job, {
            state: cancelled ? 'cancelled' : 'failed',
            message: cancelled ? 'Cancelled: nothing was written.' : message,
            error: cancelled ? null : { code, message },
          });
        },
      );
    });
    this.prune();
    return { ...job };
  }

  get(id: string): Job {
    const entry = this.jobs.get(id);
    if (!entry) throw new CoreError('NOT_FOUND', 'That job is not known (it may have finished long ago)');
    return { ...entry.job };
  }

  cancel(id: string): Job {
    const entry = this.jobs.get(id);
    if (!entry) throw new CoreError('NOT_FOUND', 'That job is not known');
    if (entry.job.state === 'running') entry.controller.abort();
    return { ...entry.job };
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((entry) => entry.job.state !== 'running');
    for (const entry of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(entry.job.id);
  }
}

/** Throws when the person cancelled; call between chunks of long work. */
export const throwIfCancelled = (signal: AbortSignal): void => {
  if (signal.aborted) throw new CoreError('CONFLICT', 'Cancelled');
};

/** Yields to the event loop so progress polls and cancels are answered during long work. */
export const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
