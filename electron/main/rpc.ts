import type { CoreContext } from '../core/context.js';
import { dispatch } from '../core/dispatch.js';
import { fail, type Result } from '../../shared/result.js';
import { senderRefusal, type SenderFrame } from './guards.js';

/**
 * What `ipcMain.handle('countersign:rpc')` does with one call: refuse a caller that is not our page,
 * then hand the method and input to the core's dispatch. Always resolves to a Result; never throws.
 */
export const handleRpc = async (ctx: CoreContext, frame: SenderFrame | null | undefined, method: unknown, input: unknown): Promise<Result<unknown>> => {
  const refusal = senderRefusal(frame);
  if (refusal) return fail('UNSUPPORTED', `Refused: ${refusal}.`);
  if (typeof method !== 'string') return fail('UNKNOWN_METHOD', 'The method name must be a string');
  try {
    return await dispatch(ctx, method, input);
  } catch (error) {
    return fail('INTERNAL', `Something went wrong in ${method}: ${(error as Error)?.message ?? String(error)}. Nothing was changed.`);
  }
};
