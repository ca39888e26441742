import type { MethodInput, MethodName, MethodOutput } from './contract/index.js';
import type { Result } from './result.js';

/**
 * What the desktop app's preload exposes on `window.countersign`: one function per contract method,
 * each resolving to the Result envelope (errors arrive as data, the promise does not reject).
 */
export type CountersignBridge = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>>;
};

/** The global the preload defines with contextBridge.exposeInMainWorld. */
export const BRIDGE_GLOBAL = 'countersign';

/** The one IPC channel: (method name, input) -> Result. */
export const RPC_CHANNEL = 'countersign:rpc';

declare global {
  interface Window {
    /** Present in the desktop app only; browser mode talks HTTP instead. */
    countersign?: CountersignBridge;
  }
}
