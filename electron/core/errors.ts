import type { AppError, ErrorCode } from '../../shared/result.js';

/** A failure the user can act on. Thrown inside the core; dispatch() turns it into data. */
export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: AppError['issues'],
  ) {
    super(message);
    this.name = 'CoreError';
  }
}
