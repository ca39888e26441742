import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL, RPC_CHANNEL, type CountersignBridge } from '../../shared/bridge.js';
import { methodNames } from '../../shared/contract/index.js';
import type { Result } from '../../shared/result.js';

/**
 * The sandboxed preload: `window.countersign` gets one function per contract method and nothing else.
 * Each sends (method, input) on the one IPC channel; the main process answers with a Result. A call
 * that cannot even be sent (input that cannot be cloned) also comes back as a Result, never a throw.
 */
const call = async (method: string, input: unknown): Promise<Result<unknown>> => {
  try {
    return (await ipcRenderer.invoke(RPC_CHANNEL, method, input ?? {})) as Result<unknown>;
  } catch (error) {
    return { ok: false, error: { code: 'INTERNAL', message: `The call to ${method} could not be made: ${(error as Error)?.message ?? String(error)}` } };
  }
};

const bridge = Object.freeze(
  Object.fromEntries(methodNames.map((method) => [method, (input: unknown) => call(method, input)])),
) as unknown as CountersignBridge;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
