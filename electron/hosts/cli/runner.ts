import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract/index.js';
import { Session, type CoreContext } from '../../core/context.js';
import { dispatch } from '../../core/dispatch.js';
import { defaultAppDataDir, defaultDocumentsDir } from '../../core/platform/appFolders.js';
import { createPathPlatform } from '../../core/platform/pathPlatform.js';

/** Exit codes of the CLI contract. */
export const EXIT = { ok: 0, problemFound: 1, badInput: 2 } as const;

/** Ends a command with a one-line reason on stderr and exit code 2 (bad usage or bad input). */
export class BadInput extends Error {}

export interface CliCore {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
}

/** Runs one command against a fresh core session, through the same dispatch() as every other door. */
export const withCore = async <T>(work: (core: CliCore) => Promise<T>): Promise<T> => {
  const ctx: CoreContext = {
    platform: createPathPlatform({ mode: 'cli', appDataDir: defaultAppDataDir(), documentsDir: defaultDocumentsDir() }),
    session: new Session(),
  };
  const core: CliCore = {
    call: async (method, input) => {
      const result = await dispatch(ctx, method, input);
      if (!result.ok) throw new BadInput(result.error.message);
      return result.value as never;
    },
  };
  try {
    return await work(core);
  } finally {
    ctx.session.close();
  }
};

export interface OutputOptions {
  json?: boolean;
}

/** One JSON document with --json, otherwise the human text. */
export const print = (options: OutputOptions, value: unknown, human: () => string): void => {
  process.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
};
