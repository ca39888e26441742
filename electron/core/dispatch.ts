import type { z } from 'zod';
import { contract, isMethodName, type MethodName } from '../../shared/contract/index.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { CoreContext } from './context.js';
import { CoreError } from './errors.js';
import { sqlitePrimaryCode } from './workspace/database.js';
import { handlers } from './handlers.js';
import type { Handler } from './handlerTypes.js';

const describeIssues = (error: z.ZodError) =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));

const sqliteProblem = (error: unknown): Result<never> | null => {
  // Extended codes (SQLITE_READONLY_DBMOVED, SQLITE_CORRUPT_INDEX, ...) count as their primary code.
  const code = sqlitePrimaryCode(error);
  if (!code) return null;
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return fail('CORRUPT_WORKSPACE', `The workspace file is damaged (${(error as Error).message}). Restore it from a backup copy.`);
  }
  if (code === 'SQLITE_READONLY') return fail('READ_ONLY_LOCATION', `The workspace file cannot be written: ${(error as Error).message}`);
  if (code === 'SQLITE_FULL') return fail('INTERNAL', 'The disk is full: nothing was saved. Free some space and try again.');
  return null;
};

/**
 * The one entry to the core: checks the method exists and its input is valid, runs the handler,
 * and returns the outcome as data. Nothing thrown inside the core crosses a door.
 */
export const dispatch = async (ctx: CoreContext, method: string, rawInput: unknown): Promise<Result<unknown>> => {
  if (!isMethodName(method)) return fail('UNKNOWN_METHOD', `There is no method named "${method}"`);
  const spec = contract[method];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    const first = issues[0];
    return fail('INVALID_INPUT', first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'The input is not valid', issues);
  }
  if (spec.mutates) {
    if (!ctx.session.workspace) return fail('NO_WORKSPACE', 'No workspace is open. Create or open one first.');
    if (!ctx.session.actor) return fail('NO_ACTOR', 'Choose who is acting before making a change.');
  }
  try {
    const handler = handlers[method] as Handler<MethodName>;
    const value = await handler(parsed.data as never, ctx);
    return ok(value);
  } catch (error) {
    if (error instanceof CoreError) return fail(error.code, error.message, error.issues);
    const known = sqliteProblem(error);
    if (known) return known;
    ctx.reportUnexpected?.(method, error);
    // Anything can be thrown (a platform port may reject with a string, or with nothing at all).
    const reason = error instanceof Error ? error.message : String(error);
    return fail('INTERNAL', `Something went wrong in ${method}: ${reason}. Nothing was changed.`);
  }
};
