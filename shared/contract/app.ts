import { z } from 'zod';
import { defineMethod } from './define.js';

export const FileChoice = z.discriminatedUnion('status', [
  z.object({ status: z.literal('chosen'), path: z.string() }),
  z.object({ status: z.literal('cancelled') }),
  /** Browser mode has no native dialog: the UI asks for a path, starting from this suggestion. */
  z.object({ status: z.literal('type-a-path'), suggestedPath: z.string() }),
]);
export type FileChoice = z.infer<typeof FileChoice>;

export const appMethods = {
  'app.info': defineMethod({
    summary: 'Which door the UI is behind and the app version.',
    input: z.object({}),
    output: z.object({
      version: z.string(),
      mode: z.enum(['desktop', 'browser']),
      nativeDialogs: z.boolean(),
    }),
    mutates: false,
  }),
  'dialog.chooseWorkspaceToOpen': defineMethod({
    summary: 'Ask the user for an existing workspace file.',
    input: z.object({}),
    output: FileChoice,
    mutates: false,
  }),
  'dialog.chooseWorkspaceToCreate': defineMethod({
    summary: 'Ask the user where to save a new workspace file.',
    input: z.object({ suggestedName: z.string().min(1).max(200) }),
    output: FileChoice,
    mutates: false,
  }),
} as const;
