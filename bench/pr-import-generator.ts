/**
 * Writes a realistic `gh pr list --state merged --json number,title,author,mergedBy,mergedAt,createdAt,
 * reviews,latestReviews,reviewDecision,baseRefName,headRefName,headRefOid,mergeCommit,url` export:
 * compact, one line, keys in the order gh writes them (Go sorts map keys; review objects keep their
 * struct order), 1-3 reviews per pull request with latestReviews as gh's query returns them (no id, no
 * commit), bot authors as "app/<slug>", an empty reviewDecision where no review is required, some
 * non-ASCII titles. Deterministic for a given count. Streams to the file, so generating needs little memory.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** A small deterministic PRNG (mulberry32). */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const HUMANS = [
  { id: 'MDQ6VXNlcjEwMDE=', login: 'maya-chen', name: 'Maya Chen' },
  { id: 'MDQ6VXNlcjEwMDI=', login: 'priya-raman', name: 'Priya Raman' },
  { id: 'MDQ6VXNlcjEwMDM=', login: 'leo-martins', name: 'Leo Martins' },
  { id: 'U_kgDOBq1x2A', login: 'jonas-weiß', name: 'Jonas Weiß' },
];
const BOTS = ['dependabot', 'renovate', 'github-actions'];
const REVIEWERS = ['priya-raman', 'maya-chen', 'leo-martins', 'coderabbitai', 'copilot-pull-request-reviewer'];
const BOT_REVIEWERS = ['coderabbitai', 'copilot-pull-request-reviewer'];
const VERBS = ['Add', 'Fix', 'Refactor', 'Remove', 'Update', 'Harden', 'Document', 'Speed up'];
const THINGS = [
  'invoice PDF rendering',
  'webhook retries',
  'the audit log export',
  'login redirect for SSO users',
  'rate limiting on the public API',
  'database migrations for tenants',
  'the billing reconciliation job',
  'CSV import of customer records',
];
const BODIES = [
  '',
  'LGTM',
  'Looks good to me. One nit about naming, not blocking.',
  'Please add a test for the empty case before merging.',
  'Approved after walking through the migration plan together; rollback steps are in the runbook.',
];

const hex40 = (next: () => number): string => {
  let out = '';
  for (let i = 0; i < 5; i++) out += Math.floor(next() * 0x100000000).toString(16).padStart(8, '0');
  return out;
};

const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

export interface GeneratedPrList {
  pullRequests: number;
  reviews: number;
  bytes: number;
}

/** Writes `count` merged pull requests of OWNER/REPO to `path`, newest first, as gh does. */
export const writeGhPrList = (path: string, count: number, repo = 'brightline/api'): GeneratedPrList => {
  const next = random(count);
  const fd = openSync(path, 'w');
  let bytes = 0;
  let reviews = 0;
  let buffer = '[';
  const flush = () => {
    bytes += writeSync(fd, buffer);
    buffer = '';
  };
  const start = Date.UTC(2026, 0, 2);
  const span = Date.UTC(2026, 11, 30) - start;
  try {
    for (let i = 0; i < count; i++) {
      const number = count - i + 100;
      const mergedMs = start + Math.floor(((count - i) / count) * span);
      const createdMs = mergedMs - Math.floor(next() * 5 * 86_400_000) - 60_000;
      const isBot = next() < 0.15;
      const human = HUMANS[Math.floor(next() * HUMANS.length)]!;
      const author = isBot ? { is_bot: true, login: `app/${BOTS[Math.floor(next() * BOTS.length)]!}` } : { id: human.id, is_bot: false, login: human.login, name: human.name };
      // Mostly merged by the author (a small team), otherwise by a colleague.
      const merger = !isBot && next() < 0.6 ? human : HUMANS[Math.floor(next() * 3)]!;
      const head = hex40(next);
      const title = isBot
        ? `Bump ${['zod', 'react', 'vite', 'esbuild'][i % 4]} from 1.${i % 20}.0 to 1.${(i % 20) + 1}.0`
        : `${VERBS[Math.floor(next() * VERBS.length)]} ${THINGS[Math.floor(next() * THINGS.length)]}${next() < 0.02 ? ' — Grüße an das Team 🚀' : ''}`;
      const reviewCount = 1 + Math.floor(next() * 3);
      const list: object[] = [];
      const latest = new Map<string, object>();
      for (let r = 0; r < reviewCount; r++) {
        const last = r === reviewCount - 1;
        // The last review is mostly a colleague's approval (on the head commit ~90% of the time); a few
        // PRs end with the author's own approval, a bot's, or only a comment. Earlier reviews are anyone's.
        const roll = next();
        const colleagues = HUMANS.filter((person) => isBot || person.login !== human.login);
        const reviewer = !last
          ? REVIEWERS[Math.floor(next() * REVIEWERS.length)]!
          : roll < 0.9
            ? colleagues[Math.floor(next() * colleagues.length)]!.login
            : roll < 0.94
              ? isBot
                ? BOT_REVIEWERS[0]!
                : human.login
              : BOT_REVIEWERS[Math.floor(next() * BOT_REVIEWERS.length)]!;
        const submittedMs = createdMs + Math.floor(((r + 1) / (reviewCount + 1)) * (mergedMs - createdMs));
        const state = last ? (next() < 0.95 ? 'APPROVED' : 'COMMENTED') : next() < 0.3 ? 'CHANGES_REQUESTED' : 'COMMENTED';
        const body = BODIES[Math.floor(next() * BODIES.length)]!;
        const association = reviewer.includes('-') && !reviewer.startsWith('copilot') ? 'MEMBER' : 'NONE';
        list.push({
          id: `PRR_kwDOKx1aAM6${(number * 4 + r).toString(36).padStart(6, '0')}`,
          author: { login: reviewer },
          authorAssociation: association,
          body,
          submittedAt: iso(submittedMs),
          includesCreatedEdit: false,
          reactionGroups: [],
          state,
          commit: { oid: last && next() > 0.1 ? head : hex40(next) },
        });
        latest.set(reviewer, { author: { login: reviewer }, authorAssociation: association, body, submittedAt: iso(submittedMs), state });
      }
      reviews += reviewCount;
      const approved = list.some((review) => (review as { state: string }).state === 'APPROVED');
      const pr = {
        author,
        baseRefName: 'main',
        createdAt: iso(createdMs),
        headRefName: isBot ? `dependabot/npm_and_yarn/pkg-${i}` : `topic/${number}`,
        headRefOid: head,
        latestReviews: [...latest.values()],
        mergeCommit: { oid: hex40(next) },
        mergedAt: iso(mergedMs),
        mergedBy: { id: 'MDQ6VXNlcjEw', is_bot: false, login: merger.login, name: merger.name },
        number,
        reviewDecision: next() < 0.4 ? '' : approved ? 'APPROVED' : 'REVIEW_REQUIRED',
        reviews: list,
        title,
        url: `https://github.com/${repo}/pull/${number}`,
      };
      buffer += (i === 0 ? '' : ',') + JSON.stringify(pr);
      if (buffer.length > 1 << 20) flush();
    }
    buffer += ']\n';
    flush();
  } finally {
    closeSync(fd);
  }
  return { pullRequests: count, reviews, bytes };
};
