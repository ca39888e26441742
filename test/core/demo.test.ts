import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDemoWorkspace, demoProfile } from '../../electron/core/demo/demoWorkspace.js';
import { listPeople } from '../../electron/core/people/people.js';
import { listAuditEntries, verifyAuditChain } from '../../electron/core/workspace/auditChain.js';
import { Workspace } from '../../electron/core/workspace/workspace.js';
import { personRoles } from '../../shared/domain/people.js';
import { makeTempDir } from '../support/tempDir.js';

describe('the demo workspace', async () => {
  it('builds, opens and verifies, with people in every role and a history with believable dates', async () => {
    const dir = makeTempDir('demo');
    const path = join(dir, 'demo.countersign');
    await writeDemoWorkspace(path);
    expect(readdirSync(dir)).toEqual(['demo.countersign']);

    const workspace = Workspace.open(path, { readOnly: true });
    try {
      const summary = workspace.summary(null);
      expect(summary).toMatchObject({ organisation: demoProfile.organisation, isDemo: true, frameworks: demoProfile.frameworks });
      const verification = verifyAuditChain(workspace.db);
      expect(verification).toMatchObject({ ok: true, firstBroken: null, entries: summary.auditEntries, head: summary.headHash });
      expect(verification.entries).toBeGreaterThanOrEqual(6);

      const people = listPeople(workspace.db);
      expect(new Set(people.map((p) => p.role))).toEqual(new Set(personRoles));
      const { entries } = listAuditEntries(workspace.db, 0, 1000);
      const times = entries.map((e) => e.at).reverse();
      expect([...times].sort()).toEqual(times);
      expect(times[0]!.startsWith('2026-01')).toBe(true);
      expect(entries.some((e) => e.justification)).toBe(true);
    } finally {
      workspace.close();
    }
  });

  it('refuses to overwrite an existing file unless asked to replace it', async () => {
    const dir = makeTempDir('demo');
    const path = join(dir, 'demo.countersign');
    writeFileSync(path, 'mine');
    await expect(writeDemoWorkspace(path)).rejects.toThrow(expect.objectContaining({ code: 'ALREADY_EXISTS' }));
    await writeDemoWorkspace(path, { replace: true });
    const workspace = Workspace.open(path);
    try {
      expect(verifyAuditChain(workspace.db).ok).toBe(true);
    } finally {
      workspace.close();
    }
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('is the same workspace each time it is written, apart from ids', async () => {
    const dir = makeTempDir('demo');
    const shape = async (path: string) => {
      await writeDemoWorkspace(path);
      const workspace = Workspace.open(path, { readOnly: true });
      try {
        return listAuditEntries(workspace.db, 0, 1000).entries.map((e) => [e.seq, e.at, e.action, e.actorName]);
      } finally {
        workspace.close();
      }
    };
    expect(await shape(join(dir, 'a.countersign'))).toEqual(await shape(join(dir, 'b.countersign')));
  });
});
