import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Person } from '../../../shared/domain/people.js';
import type { CoreContext } from '../context.js';
import { writeDemoWorkspace } from '../demo/demoWorkspace.js';
import type { Handlers } from '../handlerTypes.js';
import { getPerson, listPeople } from '../people/people.js';
import { requireWorkspace } from '../session.js';
import { getAuditEntry, listAuditEntries, verifyAuditChain } from './auditChain.js';
import { RecentWorkspaces } from './recent.js';
import { Workspace } from './workspace.js';

const defaultActor = (workspace: Workspace): Person | null => {
  const people = listPeople(workspace.db);
  return people.find((person) => person.role === 'owner') ?? people[0] ?? null;
};

const openInSession = (ctx: CoreContext, workspace: Workspace, actor: Person | null) => {
  ctx.session.replace(workspace, actor);
  if (ctx.platform.mode !== 'cli') new RecentWorkspaces(ctx.platform.appDataDir).remember(workspace.path, workspace.profile().organisation);
  return workspace.summary(actor);
};

export const DEMO_FILE_NAME = 'Countersign demo.countersign';

export const workspaceHandlers = {
  'workspace.create': (input, ctx) => {
    const { workspace, owner } = Workspace.create(input.path, input.profile, input.owner);
    return openInSession(ctx, workspace, owner);
  },
  'workspace.open': (input, ctx) => {
    if (ctx.session.workspace?.path === input.path) return ctx.session.workspace.summary(ctx.session.actor);
    const workspace = Workspace.open(input.path, { readOnly: input.readOnly });
    return openInSession(ctx, workspace, defaultActor(workspace));
  },
  'workspace.openDemo': async (_input, ctx) => {
    const demoDir = join(ctx.platform.appDataDir, 'demo');
    mkdirSync(demoDir, { recursive: true });
    const path = join(demoDir, DEMO_FILE_NAME);
    if (ctx.session.workspace?.path === path) ctx.session.close();
    await writeDemoWorkspace(path, { replace: true });
    const workspace = Workspace.open(path);
    return openInSession(ctx, workspace, defaultActor(workspace));
  },
  'workspace.current': (_input, ctx) => ctx.session.workspace?.summary(ctx.session.actor) ?? null,
  'workspace.close': (_input, ctx) => ({ closed: ctx.session.close() }),
  'workspace.recent': (_input, ctx) => new RecentWorkspaces(ctx.platform.appDataDir).list(),
  'workspace.forgetRecent': (input, ctx) => new RecentWorkspaces(ctx.platform.appDataDir).forget(input.path),
  'session.setActor': (input, ctx) => {
    const workspace = requireWorkspace(ctx);
    ctx.session.actor = getPerson(workspace.db, input.personId);
    return workspace.summary(ctx.session.actor);
  },
  'audit.list': (input, ctx) => listAuditEntries(requireWorkspace(ctx).db, input.offset, input.limit),
  'audit.entry': (input, ctx) => getAuditEntry(requireWorkspace(ctx).db, input.seq),
  'audit.verify': (_input, ctx) => verifyAuditChain(requireWorkspace(ctx).db),
} satisfies Handlers<
  | 'workspace.create'
  | 'workspace.open'
  | 'workspace.openDemo'
  | 'workspace.current'
  | 'workspace.close'
  | 'workspace.recent'
  | 'workspace.forgetRecent'
  | 'session.setActor'
  | 'audit.list'
  | 'audit.entry'
  | 'audit.verify'
>;
