/** The pure half of the git importer: the stream parser, the arrival rules, dates, periods and remotes. */
import { describe, expect, it } from 'vitest';
import {
  GitLogParser,
  GitLogReader,
  classifyArrival,
  gitDateToUtc,
  logFormat,
  periodInstants,
  repoFromRemote,
  shellQuote,
  startOfDayIn,
} from '../../electron/core/evidence/importers/gitLog.js';

const record = (fields: string[]) => `${fields.join('\0')}\0`;

describe('GitLogParser', () => {
  const commits = [
    ['a'.repeat(40), '', 'Zoë Ångström', 'zoe@example.com', '2026-01-02T03:04:05+00:00', 'Zoë Ångström', 'zoe@example.com', '2026-01-02T03:04:05+00:00', 'N', 'Initial — ünïcode 🚀'],
    ['b'.repeat(40), `${'a'.repeat(40)} ${'c'.repeat(40)}`, 'Sam', 's@x', '2026-01-03T00:00:00+01:00', 'GitHub', 'noreply@github.com', '2026-01-03T00:00:00+01:00', 'G', 'Merge pull request #3 from acme/feature'],
    ['d'.repeat(40), 'b'.repeat(40), '', '', '2026-01-04T00:00:00+00:00', '', '', '2026-01-04T00:00:00+00:00', 'N', ''],
  ];
  const bytes = Buffer.from(commits.map(record).join(''), 'utf8');

  it('yields the same commits however the bytes are split, even inside a multi-byte character', () => {
    for (const size of [1, 2, 3, 7, 64, bytes.length]) {
      const seen: string[][] = [];
      const parser = new GitLogParser(10, (fields) => seen.push(Array.from({ length: fields.count }, (_, index) => fields.text(index))));
      for (let offset = 0; offset < bytes.length; offset += size) parser.push(bytes.subarray(offset, offset + size));
      parser.end();
      expect(seen).toEqual(commits);
    }
  });

  it('reads an optional body as an eleventh field, line breaks included', () => {
    const seen: string[][] = [];
    const parser = new GitLogParser(11, (fields) => seen.push(Array.from({ length: fields.count }, (_, index) => fields.text(index))));
    parser.push(Buffer.from(record([...commits[1]!, "Add export\n\nSee merge request acme/api!7\n"])));
    parser.end();
    expect(seen[0]![10]).toBe('Add export\n\nSee merge request acme/api!7\n');
  });

  it('says so when the stream stops in the middle of a commit', () => {
    const parser = new GitLogParser(10, () => undefined);
    parser.push(bytes.subarray(0, bytes.length - 5));
    expect(() => parser.end()).toThrow(/ended in the middle of a commit/);
  });

  it('asks git for NUL-separated fields, the body only when wanted', () => {
    expect(logFormat(false)).toBe('%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%G?%x00%s');
    expect(logFormat(true)).toMatch(/%s%x00%b$/);
  });
});

describe('GitLogReader', () => {
  const A = 'a'.repeat(40);
  const B = 'b'.repeat(40);
  const C = 'c'.repeat(40);
  const D = 'd'.repeat(40);
  const E = 'e'.repeat(40);
  // Newest first, as git log prints them; the body is the eleventh field.
  const stream = Buffer.from(
    [
      [E, D, 'Sam', 's@x', '2027-01-01T00:30:00+00:00', 'Sam', 's@x', '2027-01-01T00:30:00+00:00', 'N', 'After the period', ''],
      [D, `${C} ${B}`, 'Sam', 's@x', '2026-06-01T10:00:00+00:00', 'Sam', 's@x', '2026-06-01T10:00:00+00:00', 'N', "Merge branch 'feat-x' into 'main'", 'See merge request acme/api!7\n'],
      [C, A, 'Zoë', 'z@x', '2026-02-27T16:00:00-05:00', 'GitHub', 'noreply@github.com', '2026-03-01T12:00:00+01:00', 'G', 'Add login (#4)', 'See merge request acme/api!99\n'],
      [A, '', 'Sam', 's@x', '2025-12-31T23:59:59+00:00', 'Sam', 's@x', '2025-12-31T23:59:59+00:00', 'N', 'Initial commit', ''],
    ]
      .map(record)
      .join(''),
    'utf8',
  );
  const options = { repo: 'acme/api', branch: 'main', startMs: Date.parse('2026-01-01T00:00:00Z'), endMs: Date.parse('2027-01-01T00:00:00Z'), withBody: true };

  it('keeps the commits of the period as records, whatever the chunking', () => {
    for (const size of [1, 5, 64, 4096]) {
      const reader = new GitLogReader(options);
      for (let offset = 0; offset < stream.length; offset += size) reader.push(stream.subarray(offset, offset + size));
      reader.end();
      expect({ read: reader.read, outside: reader.outside, kept: reader.commits.length }).toEqual({ read: 4, outside: 2, kept: 2 });
      expect(reader.oldestIsRoot).toBe(true);
      expect(reader.firstMs).toBe(Date.parse('2026-03-01T11:00:00Z'));
      expect(reader.lastMs).toBe(Date.parse('2026-06-01T10:00:00Z'));
      const [merge, squash] = reader.commits;
      expect(merge).toEqual({
        repo: 'acme/api',
        branch: 'main',
        sha: D,
        parents: [C, B],
        authorName: 'Sam',
        authorEmail: 's@x',
        authoredAt: '2026-06-01T10:00:00Z',
        committerName: 'Sam',
        committerEmail: 's@x',
        committedAt: '2026-06-01T10:00:00Z',
        subject: "Merge branch 'feat-x' into 'main'",
        signature: 'N',
        arrival: 'pr-merge',
        prNumber: 7,
      });
      // The body of a single-parent commit is not read: its "(#4)" decides.
      expect(squash).toMatchObject({ sha: C, parents: [A], authorName: 'Zoë', authoredAt: '2026-02-27T21:00:00Z', committedAt: '2026-03-01T11:00:00Z', signature: 'G', arrival: 'squash-merge', prNumber: 4 });
    }
  });

  it('refuses output that is not the log it asked for', () => {
    const reader = new GitLogReader({ ...options, withBody: false });
    expect(() => reader.push(Buffer.from(record(['fatal: bad object', '', '', '', '', '', '', '', '', ''])))).toThrow(/something other than the expected log at commit 1/);
  });
});

describe('classifyArrival', () => {
  it.each([
    ['Merge pull request #3 from acme/feature', 2, 'noreply@github.com', undefined, 'pr-merge', 3],
    ['Merge pull request #12 from acme/fix', 2, 'sam@x', undefined, 'pr-merge', 12],
    ['Add login (#4)', 1, 'noreply@github.com', undefined, 'squash-merge', 4],
    ['Add login (#4)', 1, 'sam@x', undefined, 'squash-merge', 4],
    ['Release 2.0 (#41)', 2, 'noreply@github.com', undefined, 'pr-merge', 41],
    ['Update README.md', 1, 'noreply@github.com', undefined, 'web-ui', null],
    ['Update README.md', 1, 'NoReply@GitHub.com', undefined, 'web-ui', null],
    ['Fix typo', 1, 'sam@x', undefined, 'direct-push', null],
    ["Merge branch 'hotfix'", 2, 'sam@x', undefined, 'direct-push', null],
    ["Merge branch 'feat-x' into 'main'", 2, 'sam@x', 'Add export\n\nSee merge request acme/api!7\n', 'pr-merge', 7],
    // A single-parent "merge" message is no merge; a reference in the middle is no squash.
    ['Merge pull request #5 from acme/x', 1, 'sam@x', undefined, 'direct-push', null],
    ['Revert "Add login (#4)"', 1, 'sam@x', undefined, 'direct-push', null],
    ['Revert "Add login (#4)" (#6)', 1, 'noreply@github.com', undefined, 'squash-merge', 6],
    // The body is only read for merge commits.
    ['Add export', 1, 'sam@x', 'See merge request acme/api!7', 'direct-push', null],
  ] as const)('%j, %i parent(s), committer %s, body %j -> %s %s', (subject, parents, email, body, arrival, prNumber) => {
    expect(classifyArrival(subject, parents, email, body)).toEqual({ arrival, prNumber });
  });
});

describe('dates and the period', () => {
  it('converts git strict ISO dates to UTC to the second', () => {
    expect(gitDateToUtc('2026-03-01T10:00:00+02:00')).toEqual({ ms: Date.parse('2026-03-01T08:00:00Z'), iso: '2026-03-01T08:00:00Z' });
    expect(gitDateToUtc('2026-02-27T16:00:00-05:00')!.iso).toBe('2026-02-27T21:00:00Z');
    expect(gitDateToUtc('2026-12-31T23:30:00+00:00')!.iso).toBe('2026-12-31T23:30:00Z');
    expect(gitDateToUtc('2026-07-01T00:30:00+05:45')!.iso).toBe('2026-06-30T18:45:00Z');
    expect(gitDateToUtc('not a date')).toBeNull();
  });

  it('begins and ends the period at midnight in the workspace time zone', () => {
    expect(periodInstants('2026-01-01', '2026-12-31', 'UTC')).toEqual({ startMs: Date.parse('2026-01-01T00:00:00Z'), endMs: Date.parse('2027-01-01T00:00:00Z') });
    expect(periodInstants('2026-04-01', '2026-06-30', 'Europe/London')).toEqual({
      startMs: Date.parse('2026-03-31T23:00:00Z'),
      endMs: Date.parse('2026-06-30T23:00:00Z'),
    });
    expect(periodInstants('2026-01-01', '2026-03-31', 'America/Los_Angeles')).toEqual({
      startMs: Date.parse('2026-01-01T08:00:00Z'),
      endMs: Date.parse('2026-04-01T07:00:00Z'),
    });
    // The day a clock change happens still starts at its midnight.
    expect(startOfDayIn('2026-03-29', 'Europe/Berlin')).toBe(Date.parse('2026-03-28T23:00:00Z'));
    expect(startOfDayIn('2026-10-25', 'Europe/Berlin')).toBe(Date.parse('2026-10-24T22:00:00Z'));
    expect(startOfDayIn('2026-06-01', 'Asia/Kathmandu')).toBe(Date.parse('2026-05-31T18:15:00Z'));
  });
});

describe('repoFromRemote', () => {
  it.each([
    ['git@github.com:acme/api.git', 'acme/api'],
    ['https://github.com/acme/api.git', 'acme/api'],
    ['https://github.com/acme/api', 'acme/api'],
    ['https://github.com/acme/api/', 'acme/api'],
    ['https://x-access-token:ghp_secret@github.com/acme/api.git', 'acme/api'],
    ['ssh://git@github.com:22/acme/api.git', 'acme/api'],
    ['ssh://git@gitlab.example.com/group/subgroup/project.git', 'group/subgroup/project'],
    ['git@gitlab.com:group/subgroup/project.git', 'group/subgroup/project'],
    ['github.com:acme/api', 'acme/api'],
    ['/srv/git/api.git', null],
    ['file:///srv/git/api.git', null],
    ['C:\\repos\\api', null],
  ])('%s -> %s', (url, expected) => {
    expect(repoFromRemote(url)).toBe(expected);
  });
});

describe('shellQuote', () => {
  it('quotes only what a shell would read differently', () => {
    expect(shellQuote('--first-parent')).toBe('--first-parent');
    expect(shellQuote('--format=%H%x00%G?')).toBe("'--format=%H%x00%G?'");
    expect(shellQuote("/tmp/it's here")).toBe("'/tmp/it'\\''s here'");
  });
});
