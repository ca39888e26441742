/**
 * The `git` importer against real repositories built in a temp dir with a known history: each
 * first-parent commit's arrival checked commit by commit, through dispatch() like every door.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitImporter } from '../../electron/core/evidence/importers/git.js';
import { memoryInput } from '../../electron/core/evidence/readInput.js';
import type { ImportContext } from '../../electron/core/evidence/importers/importer.js';
import { generateRepository, gitSync, isolatedGitEnv } from '../../bench/git-import-generator.js';
import { auditEntriesSince, auditHead, createHarness, type Harness } from '../matrix/harness.js';
import { getBlob } from '../../electron/core/workspace/blobs.js';

interface Step {
  message: string;
  at: string;
  author?: { name: string; email: string };
  committer?: { name: string; email: string };
  authoredAt?: string;
}

const SAM = { name: 'Sam Okafor', email: 'sam@sololabs.example' };
const GITHUB = { name: 'GitHub', email: 'noreply@github.com' };

const commitEnv = (step: Step): Record<string, string> => {
  const author = step.author ?? SAM;
  const committer = step.committer ?? author;
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: step.authoredAt ?? step.at,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
    GIT_COMMITTER_DATE: step.at,
  };
};

let fileCounter = 0;
const commit = (dir: string, step: Step): string => {
  writeFileSync(join(dir, `file${fileCounter++}.txt`), step.message);
  gitSync(dir, ['add', '-A']);
  gitSync(dir, ['commit', '-q', '-m', step.message], commitEnv(step));
  return gitSync(dir, ['rev-parse', 'HEAD']);
};

const merge = (dir: string, branch: string, step: Step): string => {
  gitSync(dir, ['merge', '-q', '--no-ff', branch, '-m', step.message], commitEnv(step));
  return gitSync(dir, ['rev-parse', 'HEAD']);
};

/**
 * The known history (workspace period 2026-01-01 .. 2026-12-31, Europe/London: UTC in winter, UTC+1
 * in summer). `expected` is what the importer must say about each first-parent commit in the period.
 */
const buildHistory = (dir: string) => {
  mkdirSync(dir, { recursive: true });
  gitSync(dir, ['init', '-q', '-b', 'main']);
  const sha: Record<string, string> = {};
  sha.initial = commit(dir, { message: 'Initial commit', at: '2025-11-10T09:00:00+00:00' });
  // 23:30 UTC on 31 December is still 2025 in London: outside the period.
  sha.lastOfYear = commit(dir, { message: 'Year-end tidy', at: '2025-12-31T23:30:00+00:00' });
  sha.direct = commit(dir, { message: 'Tweak config', at: '2026-01-05T10:00:00+00:00' });

  // A feature branch merged with a PR merge commit (GitHub's merge button commits as noreply@github.com).
  gitSync(dir, ['checkout', '-q', '-b', 'feature']);
  sha.feature = commit(dir, { message: 'Add feature', at: '2026-02-01T10:00:00+00:00' });
  gitSync(dir, ['checkout', '-q', 'main']);
  sha.typo = commit(dir, { message: 'Fix typo', at: '2026-02-02T10:00:00+00:00' });
  sha.prMerge = merge(dir, 'feature', { message: 'Merge pull request #3 from acme/feature', at: '2026-02-03T10:00:00+00:00', committer: GITHUB });

  sha.squash = commit(dir, {
    message: 'Add login (#4)',
    at: '2026-03-01T12:00:00+00:00',
    authoredAt: '2026-02-27T16:00:00-05:00',
    committer: GITHUB,
  });
  sha.webUi = commit(dir, { message: 'Update README.md', at: '2026-04-01T12:00:00+00:00', committer: GITHUB });

  // A local merge pushed without a PR: a direct push even though it has two parents.
  gitSync(dir, ['checkout', '-q', '-b', 'hotfix']);
  sha.hotfix = commit(dir, { message: 'Hotfix the cache', at: '2026-04-30T10:00:00+00:00' });
  gitSync(dir, ['checkout', '-q', 'main']);
  sha.localMerge = merge(dir, 'hotfix', { message: "Merge branch 'hotfix'", at: '2026-05-01T10:00:00+00:00' });

  // GitLab's merge commit names its merge request in the body.
  gitSync(dir, ['checkout', '-q', '-b', 'feat-x']);
  sha.featX = commit(dir, { message: 'Add export', at: '2026-05-30T10:00:00+00:00' });
  gitSync(dir, ['checkout', '-q', 'main']);
  sha.gitlabMerge = merge(dir, 'feat-x', { message: "Merge branch 'feat-x' into 'main'\n\nAdd export\n\nSee merge request acme/api!7", at: '2026-06-01T10:00:00+00:00' });

  // A British summer time offset, converted to UTC.
  sha.summer = commit(dir, { message: 'Bump dependencies', at: '2026-07-01T00:30:00+01:00', author: { name: 'Léo Martins', email: 'leo@contractor.example' } });
  sha.lastInPeriod = commit(dir, { message: 'Close the year', at: '2026-12-31T23:30:00+00:00' });
  // After the period in London (00:30 on 1 January 2027).
  sha.nextYear = commit(dir, { message: 'New year change', at: '2027-01-01T00:30:00+00:00' });

  const expected = [
    { sha: sha.direct, arrival: 'direct-push', prNumber: null, committedAt: '2026-01-05T10:00:00Z', parents: 1 },
    { sha: sha.typo, arrival: 'direct-push', prNumber: null, committedAt: '2026-02-02T10:00:00Z', parents: 1 },
    { sha: sha.prMerge, arrival: 'pr-merge', prNumber: 3, committedAt: '2026-02-03T10:00:00Z', parents: 2 },
    { sha: sha.squash, arrival: 'squash-merge', prNumber: 4, committedAt: '2026-03-01T12:00:00Z', parents: 1 },
    { sha: sha.webUi, arrival: 'web-ui', prNumber: null, committedAt: '2026-04-01T12:00:00Z', parents: 1 },
    { sha: sha.localMerge, arrival: 'direct-push', prNumber: null, committedAt: '2026-05-01T10:00:00Z', parents: 2 },
    { sha: sha.gitlabMerge, arrival: 'pr-merge', prNumber: 7, committedAt: '2026-06-01T10:00:00Z', parents: 2 },
    { sha: sha.summer, arrival: 'direct-push', prNumber: null, committedAt: '2026-06-30T23:30:00Z', parents: 1 },
    { sha: sha.lastInPeriod, arrival: 'direct-push', prNumber: null, committedAt: '2026-12-31T23:30:00Z', parents: 1 },
  ];
  return { sha, expected };
};

interface CommitRow {
  evidence_id: string;
  repo: string;
  branch: string;
  sha: string;
  parents: string;
  author_name: string;
  author_email: string;
  authored_at: string;
  committer_name: string;
  committer_email: string;
  committed_at: string;
  subject: string;
  signature: string;
  arrival: string;
  pr_number: number | null;
}

const db = (harness: Harness) => {
  const workspace = harness.ctx.session.workspace;
  if (!workspace) throw new Error('no workspace open');
  return workspace.db;
};
const commitRows = (harness: Harness) => db(harness).prepare('SELECT * FROM git_commits ORDER BY committed_at').all() as CommitRow[];

describe('git importer: a repository with a known history', () => {
  let root: string;
  let repo: string;
  let history: ReturnType<typeof buildHistory>;
  let harness: Harness;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'countersign-git-'));
    repo = join(root, 'api');
    history = buildHistory(repo);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  afterEach(() => harness?.dispose());

  it('classifies every first-parent commit in the period, and only those', async () => {
    harness = await createHarness();
    const summary = await harness.call('evidence.import', { kind: 'git', path: repo });
    expect(summary.kind).toBe('git');
    expect(summary.alreadyImported).toBe(false);
    expect(summary.records).toBe(history.expected.length);
    expect(summary.recordsByType).toEqual({ commits: history.expected.length });
    expect(summary.periodStart).toBe('2026-01-05T10:00:00Z');
    expect(summary.periodEnd).toBe('2026-12-31T23:30:00Z');
    expect(summary.warnings.some((warning) => /origin\/HEAD is not set.*checked-out branch main/.test(warning))).toBe(true);

    const rows = commitRows(harness);
    expect(rows.map((row) => row.sha)).toEqual(history.expected.map((commit) => commit.sha));
    for (const [index, want] of history.expected.entries()) {
      const row = rows[index]!;
      expect({ sha: row.sha, arrival: row.arrival, prNumber: row.pr_number, committedAt: row.committed_at, parents: row.parents.split(' ').length }).toEqual(want);
      expect(row.repo).toBe('api');
      expect(row.branch).toBe('main');
      expect(row.evidence_id).toBe(summary.evidenceId);
      // Unsigned here (or gpg could not run): git prints N.
      expect(row.signature).toBe('N');
    }
    // Commits off the first-parent line and outside the period are not in the population.
    for (const key of ['initial', 'lastOfYear', 'feature', 'hotfix', 'featX', 'nextYear']) {
      expect(rows.some((row) => row.sha === history.sha[key])).toBe(false);
    }

    const squash = rows.find((row) => row.sha === history.sha.squash)!;
    expect(squash).toMatchObject({
      author_name: 'Sam Okafor',
      author_email: 'sam@sololabs.example',
      authored_at: '2026-02-27T21:00:00Z',
      committer_name: 'GitHub',
      committer_email: 'noreply@github.com',
      subject: 'Add login (#4)',
    });
    const merged = rows.find((row) => row.sha === history.sha.prMerge)!;
    expect(merged.parents.split(' ')).toEqual([history.sha.typo, history.sha.feature]);
    expect(rows.find((row) => row.sha === history.sha.summer)!.author_name).toBe('Léo Martins');
    expect(rows.find((row) => row.sha === history.sha.gitlabMerge)!.subject).toBe("Merge branch 'feat-x' into 'main'");
  });

  it('stores the exact git log output as the evidence, with its provenance', async () => {
    harness = await createHarness();
    const summary = await harness.call('evidence.import', { kind: 'git', path: repo });
    const item = await harness.call('evidence.get', { id: summary.evidenceId });
    expect(item.fileName).toBe('git-log-api-main.txt');
    expect(item.mediaType).toBe('text/plain');
    expect(item.title).toBe('Git history of api (main)');
    expect(item.provenance.sourceSystem).toBe('Git (local repository)');
    expect(item.provenance.recordCount).toBe(history.expected.length);
    expect(item.provenance.periodStart).toBe('2026-01-05T10:00:00Z');
    expect(item.provenance.filters).toMatch(/branch main \(refs\/heads\/main at [0-9a-f]{40}\), first-parent/);
    expect(item.provenance.filters).toMatch(/2026-01-01T00:00:00Z \(inclusive\) to 2027-01-01T00:00:00Z \(exclusive\)/);
    const method = item.provenance.collectionMethod;
    expect(method).toMatch(/^git -C \S+ --no-replace-objects log --first-parent .*-z '--since=2025-12-31 00:00:00 \+0000' '--until=2027-01-02 00:00:00 \+0000'/);

    // Running the recorded command again yields exactly the stored bytes (the same SHA-256).
    const tip = gitSync(repo, ['rev-parse', 'main']);
    expect(method).toContain(` ${tip} --`);
    const rerun = spawnSync('git', ['-C', repo, '--no-replace-objects', 'log', '--first-parent', '--no-show-signature', '--no-color', '--encoding=UTF-8', '-z',
      '--since=2025-12-31 00:00:00 +0000', '--until=2027-01-02 00:00:00 +0000',
      `--format=${['%H', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%G?', '%s', '%b'].join('%x00')}`, tip, '--'], { env: isolatedGitEnv() });
    expect(rerun.status).toBe(0);
    expect(createHash('sha256').update(rerun.stdout).digest('hex')).toBe(summary.sha256);
    expect(item.sha256).toBe(summary.sha256);
    expect(item.size).toBe(rerun.stdout.byteLength);
    const stored = getBlob(db(harness), summary.sha256);
    expect(stored && Buffer.compare(stored, rerun.stdout)).toBe(0);
  });

  it('recognises a re-import of the same repository state and writes the audit trail once', async () => {
    harness = await createHarness();
    const before = await auditHead(harness);
    const first = await harness.call('evidence.import', { kind: 'git', path: repo });
    const { entries } = await auditEntriesSince(harness, before.seq);
    const imported = entries.filter((entry) => entry.action === 'evidence.imported');
    expect(imported).toHaveLength(1);
    expect(imported[0]!.entityId).toBe(first.evidenceId);
    const entry = await harness.call('audit.entry', { seq: imported[0]!.seq });
    expect(entry.after).toMatchObject({ kind: 'git', fileName: 'git-log-api-main.txt', provenance: { sourceSystem: 'Git (local repository)', recordCount: history.expected.length } });

    const afterFirst = await auditHead(harness);
    const again = await harness.call('evidence.import', { kind: 'auto', path: repo });
    expect(again.alreadyImported).toBe(true);
    expect(again.evidenceId).toBe(first.evidenceId);
    expect(again.sha256).toBe(first.sha256);
    expect((await auditHead(harness)).seq).toBe(afterFirst.seq);
    expect((await harness.call('evidence.list', { offset: 0, limit: 10 })).total).toBe(1);
  });

  it('reads origin/HEAD when it is set and names the repository owner/name from origin', async () => {
    const clone = join(root, 'with-origin');
    gitSync(root, ['clone', '-q', '--no-local', repo, clone]);
    gitSync(clone, ['remote', 'set-url', 'origin', 'https://token@github.com/acme/api.git']);
    // A local branch ahead of origin is not what the server holds: it must not be read.
    gitSync(clone, ['checkout', '-q', '-b', 'scratch']);
    commit(clone, { message: 'Local experiment', at: '2026-08-01T10:00:00+00:00' });
    harness = await createHarness();
    const summary = await harness.call('evidence.import', { kind: 'git', path: clone });
    expect(summary.warnings.some((warning) => /origin's default branch main \(origin\/HEAD -> refs\/remotes\/origin\/main\)/.test(warning))).toBe(true);
    const rows = commitRows(harness);
    expect(rows.every((row) => row.repo === 'acme/api' && row.branch === 'main')).toBe(true);
    expect(rows.some((row) => row.subject === 'Local experiment')).toBe(false);
    // With a GitHub origin only subjects are read: GitLab's body reference is not looked for.
    expect(rows.find((row) => row.sha === history.sha.gitlabMerge)!.arrival).toBe('direct-push');
    const item = await harness.call('evidence.get', { id: summary.evidenceId });
    expect(item.fileName).toBe('git-log-acme-api-main.txt');
    expect(item.provenance.collectionMethod).not.toContain('token');
  });

  it('reads a bare repository, or the .git folder itself, as the same history', async () => {
    const bare = join(root, 'api.git');
    gitSync(root, ['clone', '-q', '--bare', repo, bare]);
    harness = await createHarness();
    const fromBare = await harness.call('evidence.import', { kind: 'git', path: bare });
    expect(fromBare.records).toBe(history.expected.length);
    expect(commitRows(harness).every((row) => row.repo === 'api' && row.branch === 'main')).toBe(true);
    const fromGitDir = await harness.call('evidence.import', { kind: 'git', path: join(repo, '.git') });
    // The same log bytes: recognised as already imported.
    expect(fromGitDir.alreadyImported).toBe(true);
    expect(fromGitDir.sha256).toBe(fromBare.sha256);
  });

  it('warns about a shallow clone', async () => {
    const shallow = join(root, 'shallow');
    gitSync(root, ['clone', '-q', '--depth', '3', `file://${repo}`, shallow]);
    harness = await createHarness();
    const summary = await harness.call('evidence.import', { kind: 'git', path: shallow });
    expect(summary.warnings.some((warning) => /shallow clone/.test(warning) && /git fetch --unshallow/.test(warning))).toBe(true);
    expect(summary.records).toBe(3 - 1); // the newest of the three is after the period
  });
});

describe('git importer: what it refuses', () => {
  let root: string;
  let harness: Harness;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'countersign-git-bad-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  afterEach(() => harness?.dispose());

  const failure = async (path: string) => {
    const result = await harness.attempt('evidence.import', { kind: 'git', path });
    if (result.ok) throw new Error(`importing ${path} should have failed`);
    return result.error;
  };

  it('a folder that is not a repository: INVALID_INPUT naming the path, nothing written', async () => {
    harness = await createHarness();
    const plain = join(root, 'plain');
    mkdirSync(plain);
    const before = await auditHead(harness);
    const error = await failure(plain);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain(plain);
    expect(error.message).toMatch(/is not a Git repository/);
    expect((await auditHead(harness)).seq).toBe(before.seq);
    expect((await harness.call('evidence.list', { offset: 0, limit: 10 })).total).toBe(0);
  });

  it('a file instead of a folder', async () => {
    harness = await createHarness();
    const file = join(root, 'log.txt');
    writeFileSync(file, 'not a repository');
    const error = await failure(file);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/folder/);
  });

  it('a folder inside a repository, pointing at its top', async () => {
    harness = await createHarness();
    const top = join(root, 'nested');
    mkdirSync(join(top, 'src'), { recursive: true });
    gitSync(top, ['init', '-q', '-b', 'main']);
    const error = await failure(join(top, 'src'));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/is not the top folder of a Git repository/);
    expect(error.message).toContain(top);
  });

  it('a repository whose branch has no commits, or none in the period', async () => {
    harness = await createHarness();
    const empty = join(root, 'empty');
    mkdirSync(empty);
    gitSync(empty, ['init', '-q', '-b', 'main']);
    expect((await failure(empty)).message).toMatch(/the branch main has no commits yet/);

    const old = join(root, 'old');
    mkdirSync(old);
    gitSync(old, ['init', '-q', '-b', 'main']);
    commit(old, { message: 'Long ago', at: '2024-03-01T10:00:00+00:00' });
    const error = await failure(old);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/has no first-parent commits in the period 2026-01-01 to 2026-12-31 \(Europe\/London\) \(its newest commit is from 2024-03-01\)/);
  });

  it('a detached HEAD with no origin/HEAD: asks for the default branch', async () => {
    harness = await createHarness();
    const detached = join(root, 'detached');
    mkdirSync(detached);
    gitSync(detached, ['init', '-q', '-b', 'main']);
    commit(detached, { message: 'One', at: '2026-03-01T10:00:00+00:00' });
    gitSync(detached, ['checkout', '-q', '--detach']);
    expect((await failure(detached)).message).toMatch(/detached HEAD.*git checkout main/);
  });

  it('git not installed: a clear message', async () => {
    const importer = createGitImporter({ git: join(root, 'no-such-git') });
    const repo = join(root, 'for-missing-git');
    mkdirSync(repo);
    const ctx: ImportContext = {
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      timeZone: 'UTC',
      signal: new AbortController().signal,
      progress: () => undefined,
    };
    await expect(importer.parse(memoryInput(repo, new Uint8Array()), ctx)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/Git is not installed/),
    });
  });
});

describe('git importer: cancel', () => {
  let root: string;
  let harness: Harness;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'countersign-git-cancel-'));
    await generateRepository({ dir: join(root, 'big'), commits: 20_000, origin: 'git@github.com:acme/big.git' });
  }, 120_000);
  afterAll(() => {
    harness?.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('cancelling while git log streams leaves nothing written', async () => {
    harness = await createHarness();
    const before = await auditHead(harness);
    const job = await harness.call('evidence.startImport', { kind: 'git', path: join(root, 'big') });
    // Cancel as soon as the history is being read.
    let state = job;
    for (let tries = 0; tries < 2_000 && state.state === 'running' && !/^Read /.test(state.message); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      state = await harness.call('jobs.get', { id: job.id });
    }
    expect(state.message).toMatch(/^Read [\d,]+ commits/);
    await harness.call('jobs.cancel', { id: job.id });
    for (let tries = 0; tries < 500 && state.state === 'running'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      state = await harness.call('jobs.get', { id: job.id });
    }
    expect(state.state).toBe('cancelled');
    expect(state.message).toMatch(/nothing was written/);
    expect((await harness.call('evidence.list', { offset: 0, limit: 10 })).total).toBe(0);
    expect((db(harness).prepare('SELECT count(*) AS n FROM git_commits').get() as { n: number }).n).toBe(0);
    expect((await auditHead(harness)).seq).toBe(before.seq);
  });

  it('the same repository imports in full when not cancelled', async () => {
    harness?.dispose();
    harness = await createHarness();
    const summary = await harness.call('evidence.import', { kind: 'git', path: join(root, 'big') });
    expect(summary.records).toBe(20_000);
    const counts = db(harness).prepare('SELECT arrival, count(*) AS n FROM git_commits GROUP BY arrival ORDER BY arrival').all() as { arrival: string; n: number }[];
    // The generator's mix: 11 in 20 PR merges, 6 squash, 1 web UI, 2 direct (plus the first commit).
    expect(Object.fromEntries(counts.map((row) => [row.arrival, row.n]))).toEqual({ 'pr-merge': 10_999, 'squash-merge': 6_000, 'web-ui': 1_000, 'direct-push': 2_001 });
  });
});
