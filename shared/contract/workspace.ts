import { z } from 'zod';
import { FilePath, NewWorkspaceOwner, RecentWorkspace, WorkspaceProfileInput, WorkspaceSummary } from '../domain/workspace.js';
import { defineMethod } from './define.js';

export const workspaceMethods = {
  'workspace.create': defineMethod({
    summary: 'Create a new workspace file and open it, with its owner as the acting person.',
    input: z.object({ path: FilePath, profile: WorkspaceProfileInput, owner: NewWorkspaceOwner }),
    output: WorkspaceSummary,
    mutates: false,
  }),
  'workspace.open': defineMethod({
    summary: 'Open an existing workspace file; read-only opens take no lock and change no byte.',
    input: z.object({ path: FilePath, readOnly: z.boolean().default(false) }),
    output: WorkspaceSummary,
    mutates: false,
  }),
  'workspace.openDemo': defineMethod({
    summary: 'Recreate the demo workspace in the app data folder and open it.',
    input: z.object({}),
    output: WorkspaceSummary,
    mutates: false,
  }),
  'workspace.current': defineMethod({
    summary: 'The open workspace, or null.',
    input: z.object({}),
    output: WorkspaceSummary.nullable(),
    mutates: false,
  }),
  'workspace.close': defineMethod({
    summary: 'Close the open workspace.',
    input: z.object({}),
    output: z.object({ closed: z.boolean() }),
    mutates: false,
  }),
  'workspace.recent': defineMethod({
    summary: 'Recently opened workspaces, newest first.',
    input: z.object({}),
    output: z.array(RecentWorkspace),
    mutates: false,
  }),
  'workspace.forgetRecent': defineMethod({
    summary: 'Remove a workspace from the recent list (the file is not touched).',
    input: z.object({ path: FilePath }),
    output: z.array(RecentWorkspace),
    mutates: false,
  }),
  'session.setActor': defineMethod({
    summary: 'Choose who is acting; every later change records that person.',
    input: z.object({ personId: z.string().min(1) }),
    output: WorkspaceSummary,
    mutates: false,
  }),
} as const;
