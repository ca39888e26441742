import { z } from 'zod';
import { AppError } from '../result.js';

export const JobState = z.enum(['running', 'done', 'failed', 'cancelled']);

/** Long work in progress: imports and exports report here so the window never freezes. */
export const Job = z.object({
  id: z.string(),
  kind: z.string(),
  state: JobState,
  progress: z.number().min(0).max(1),
  message: z.string(),
  result: z.unknown(),
  error: AppError.nullable(),
  startedAt: z.string(),
});
export type Job = z.infer<typeof Job>;
