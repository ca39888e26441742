import type { CoreContext } from './context.js';
import { CoreError } from './errors.js';
import type { Actor } from './workspace/auditChain.js';
import type { Workspace } from './workspace/workspace.js';

export const requireWorkspace = (ctx: CoreContext): Workspace => {
  if (!ctx.session.workspace) throw new CoreError('NO_WORKSPACE', 'No workspace is open. Create or open one first.');
  return ctx.session.workspace;
};

export const requireActor = (ctx: CoreContext): Actor => {
  if (!ctx.session.actor) throw new CoreError('NO_ACTOR', 'Choose who is acting before making a change.');
  return { id: ctx.session.actor.id, name: ctx.session.actor.name };
};
