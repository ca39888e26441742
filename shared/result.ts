import { z } from 'zod';

/** Why a call failed, in words a door can show as they are. */
export const errorCodes = [
  'UNKNOWN_METHOD',
  'INVALID_INPUT',
  'NO_WORKSPACE',
  'NOT_A_WORKSPACE',
  'CORRUPT_WORKSPACE',
  'WORKSPACE_TOO_NEW',
  'WORKSPACE_LOCKED',
  'READ_ONLY_LOCATION',
  'ALREADY_EXISTS',
  'NOT_FOUND',
  'NO_ACTOR',
  'CONFLICT',
  'UNSUPPORTED',
  'INTERNAL',
] as const;

export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppError = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Field-level problems for INVALID_INPUT, so a form can point at the field. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type AppError = z.infer<typeof AppError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, issues?: AppError['issues']): Result<never> => ({
  ok: false,
  error: issues ? { code, message, issues } : { code, message },
});

/** Schema of a Result carrying `value`, for doors that receive one over the wire. */
export const resultSchema = <T extends z.ZodType>(value: T) =>
  z.union([
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: AppError }),
  ]);
