import { Workspace } from '../../electron/core/workspace/workspace.js';

/**
 * Writes a workspace whose audit trail holds `entries` extra entries, through the core's own
 * change() so every hash is real. For tests of the long-list behaviour of the Audit trail screen.
 */
export const writeWorkspaceWithTrail = (path: string, entries: number, organisation = 'Long Trail Ltd'): void => {
  const { workspace, owner } = Workspace.create(
    path,
    { organisation, frameworks: ['soc2'], periodStart: '2026-01-01', periodEnd: '2026-12-31', timeZone: 'UTC' },
    { name: 'Lena Long', email: null },
  );
  try {
    const actor = { id: owner.id, name: owner.name };
    const perChange = 5_000;
    for (let done = 0; done < entries; done += perChange) {
      workspace.change(actor, (tx) => {
        for (let i = done; i < Math.min(entries, done + perChange); i++) {
          tx.record({ action: 'test.noted', entityType: 'note', entityId: `note-${i + 1}`, before: null, after: { n: i + 1 }, justification: `Generated note ${i + 1}` });
        }
      });
    }
  } finally {
    workspace.close();
  }
};
