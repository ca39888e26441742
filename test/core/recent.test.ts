import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecentWorkspaces } from '../../electron/core/workspace/recent.js';
import { makeTempDir } from '../support/tempDir.js';

const fileOf = (dir: string) => join(dir, 'recent-workspaces.json');

describe('the recent workspaces list', () => {
  it('remembers newest first, without duplicates, at most ten, and says which files still exist', () => {
    const dir = makeTempDir('recent');
    const existing = join(dir, 'real.countersign');
    writeFileSync(existing, '');
    const recent = new RecentWorkspaces(join(dir, 'app-data')); // created on first write
    for (let i = 0; i < 12; i++) recent.remember(join(dir, `w${i}.countersign`), `Org ${i}`, new Date(Date.UTC(2026, 0, 1 + i)));
    recent.remember(existing, 'Real Ltd', new Date(Date.UTC(2026, 1, 1)));
    recent.remember(join(dir, 'w11.countersign'), 'Org 11 renamed', new Date(Date.UTC(2026, 1, 2)));

    const list = recent.list();
    expect(list).toHaveLength(10);
    expect(list[0]).toEqual({ path: join(dir, 'w11.countersign'), organisation: 'Org 11 renamed', openedAt: '2026-02-02T00:00:00.000Z', exists: false });
    expect(list[1]).toMatchObject({ path: existing, exists: true });
    expect(list.filter((entry) => entry.path.endsWith('w11.countersign'))).toHaveLength(1);

    expect(recent.forget(existing).map((entry) => entry.path)).not.toContain(existing);
    expect(existsSync(existing)).toBe(true); // forgetting never touches the file
  });

  it('survives a corrupt recent file: the list starts empty and is written anew', () => {
    const dir = makeTempDir('recent');
    for (const garbage of ['{ this is not json', '{"an":"object"}', '[{"path":42}]', '', '\u0000\u0001binary']) {
      writeFileSync(fileOf(dir), garbage);
      const recent = new RecentWorkspaces(dir);
      expect(recent.list()).toEqual([]);
      recent.remember('/somewhere/a.countersign', 'A Ltd');
      expect(recent.list().map((entry) => entry.path)).toEqual(['/somewhere/a.countersign']);
      expect(JSON.parse(readFileSync(fileOf(dir), 'utf8'))).toHaveLength(1);
    }
  });

  it('a recent "file" that is a folder does not break the list', () => {
    const dir = makeTempDir('recent');
    mkdirSync(fileOf(dir));
    const recent = new RecentWorkspaces(dir);
    expect(recent.list()).toEqual([]);
  });
});
