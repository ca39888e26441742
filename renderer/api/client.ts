import { BRIDGE_GLOBAL } from '../../shared/bridge.js';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.js';
import type { AppError, ErrorCode } from '../../shared/result.js';

/**
 * The renderer's one door to the core. In the desktop app the preload exposes `window.countersign`
 * (one async function per contract method, over IPC); in browser mode there is no bridge and every
 * call is `POST /rpc/<method>` to the local host, authenticated by the launch cookie.
 * Either way a call resolves to a Result; it never throws.
 */

/** Failures of the door itself (the host is gone, the token was refused) join the core's codes. */
export type CallErrorCode = ErrorCode | 'DISCONNECTED';
export type CallError = Omit<AppError, 'code'> & { code: CallErrorCode };
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: CallError };

type BridgeFunction = (input: unknown) => Promise<unknown>;

/**
 * The preload's `window.countersign` (typed in shared/bridge.ts). Checked at run time too: in browser
 * mode it is absent, and a page must not trust a half-made global.
 */
const findBridge = (): Partial<Record<string, BridgeFunction>> | null => {
  const candidate: unknown = (globalThis as Record<string, unknown>)[BRIDGE_GLOBAL];
  return typeof candidate === 'object' && candidate !== null ? (candidate as Partial<Record<string, BridgeFunction>>) : null;
};

export type Transport = 'ipc' | 'http';

/** Which door this page is behind: decided once, when the client is first used. */
export const transport = (): Transport => (findBridge() ? 'ipc' : 'http');

const disconnected = (message: string): CallResult<never> => ({ ok: false, error: { code: 'DISCONNECTED', message } });

const isErrorLike = (value: unknown): value is CallError =>
  typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string' && typeof (value as { message?: unknown }).message === 'string';

/** Checks the envelope only: the core has already validated the value against the contract. */
const asResult = <T>(raw: unknown, method: string): CallResult<T> => {
  if (typeof raw === 'object' && raw !== null && 'ok' in raw) {
    const envelope = raw as { ok: unknown; value?: unknown; error?: unknown };
    if (envelope.ok === true) return { ok: true, value: envelope.value as T };
    if (envelope.ok === false && isErrorLike(envelope.error)) return { ok: false, error: envelope.error };
  }
  return { ok: false, error: { code: 'INTERNAL', message: `Countersign sent an answer to ${method} that the window does not understand.` } };
};

const callIpc = async (bridge: Partial<Record<string, BridgeFunction>>, method: string, input: unknown): Promise<unknown> => {
  const fn = bridge[method];
  if (typeof fn !== 'function') {
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `This version of the desktop app does not offer "${method}".` } };
  }
  return fn(input);
};

const callHttp = async (method: string, input: unknown): Promise<unknown> => {
  let response: Response;
  try {
    response = await fetch(`/rpc/${encodeURIComponent(method)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return disconnected('Countersign is not answering. Is the browser-mode server still running? Start it again and open the address it prints.');
  }
  if (response.status === 403) {
    const reason = (await response.text().catch(() => '')).trim();
    return disconnected(`Countersign refused the request${reason ? ` (${reason})` : ''}. Open the address printed when Countersign started.`);
  }
  if (!response.ok) return disconnected(`Countersign answered ${method} with HTTP ${response.status}.`);
  try {
    return await response.json();
  } catch {
    return disconnected(`Countersign's answer to ${method} was not JSON.`);
  }
};

type Listener = (method: MethodName, error: CallError) => void;
const errorListeners = new Set<Listener>();
type BusyListener = (pending: number) => void;
const busyListeners = new Set<BusyListener>();
let pending = 0;

const setPending = (next: number) => {
  pending = next;
  for (const listener of busyListeners) listener(pending);
};

export const api = {
  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<CallResult<MethodOutput<M>>> {
    setPending(pending + 1);
    try {
      const bridge = findBridge();
      let raw: unknown;
      try {
        raw = bridge ? await callIpc(bridge, method, input) : await callHttp(method, input);
      } catch (error) {
        raw = disconnected(`The call to ${method} failed before it reached Countersign: ${error instanceof Error ? error.message : String(error)}`);
      }
      const result = asResult<MethodOutput<M>>(raw, method);
      if (!result.ok) for (const listener of errorListeners) listener(method, result.error);
      return result;
    } finally {
      setPending(pending - 1);
    }
  },
  /** Told about every failed call (the session store uses it to notice a workspace that went away). */
  onError(listener: Listener): () => void {
    errorListeners.add(listener);
    return () => errorListeners.delete(listener);
  },
  /** Told how many calls are in flight, for the progress bar. */
  onBusy(listener: BusyListener): () => void {
    busyListeners.add(listener);
    return () => busyListeners.delete(listener);
  },
};

/** Field-level messages of an INVALID_INPUT (or CONFLICT) error, keyed by the input path. */
export const fieldErrors = (error: CallError | null | undefined): Record<string, string> => {
  const byPath: Record<string, string> = {};
  for (const issue of error?.issues ?? []) if (!(issue.path in byPath)) byPath[issue.path] = issue.message;
  return byPath;
};
