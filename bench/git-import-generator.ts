/**
 * Generates a Git repository with a known first-parent history quickly, through one `git fast-import`
 * stream rather than a `git commit` per change. Used by bench/git-import.ts and by the git importer's
 * cancel test. The mix is a solo founder's busy repository: mostly PR merges (each with its feature
 * commit as second parent) and squash merges, some web UI commits and direct pushes, some messages
 * with a body, dates spread evenly over a period.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

export interface GenerateOptions {
  dir: string;
  /** First-parent commits on main. */
  commits: number;
  /** The first and last committer dates, ISO 8601. */
  from?: string;
  to?: string;
  /** Remote URL recorded as origin (with origin/HEAD -> origin/main), or null for none. */
  origin?: string | null;
}

/** Environment for git commands that set up a repository: no personal configuration, no prompts. */
export const isolatedGitEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_')) env[key] = value;
  return { ...env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...extra };
};

export const gitSync = (dir: string, args: string[], extraEnv: Record<string, string> = {}): string => {
  const result = spawnSync('git', ['-C', dir, ...args], { env: isolatedGitEnv(extraEnv), encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
};

const PEOPLE = [
  { name: 'Maya Chen', email: 'maya@brightline.example' },
  { name: 'Léo Martins', email: 'leo.martins@contractor.example' },
  { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' },
];
const GITHUB = { name: 'GitHub', email: 'noreply@github.com' };
const TOPICS = ['login', 'billing export', 'rate limiter', 'audit log', 'webhooks', 'search index', 'CSV import', 'session timeout', 'admin panel', 'retry policy'];

const ident = (who: { name: string; email: string }, seconds: number) => `${who.name} <${who.email}> ${seconds} +0000`;
const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;

/** Writes a generated repository into `dir` (created if missing); returns the count of first-parent commits and PR numbers used. */
export const generateRepository = async (options: GenerateOptions): Promise<{ firstParent: number; total: number }> => {
  const { dir, commits } = options;
  mkdirSync(dir, { recursive: true });
  gitSync(dir, ['init', '-q', '-b', 'main']);
  const fromS = Math.floor(Date.parse(options.from ?? '2026-01-01T06:00:00Z') / 1000);
  const toS = Math.floor(Date.parse(options.to ?? '2026-12-31T18:00:00Z') / 1000);
  const step = commits > 1 ? (toS - fromS) / (commits - 1) : 0;

  // glibc would otherwise grow and shrink fast-import's heap (brk) once per commit, which some virtual
  // machines make very slow: a generous top pad turns minutes into a second.
  const child = spawn('git', ['-C', dir, 'fast-import', '--quiet', '--done'], {
    env: isolatedGitEnv({ MALLOC_TOP_PAD_: String(256 * 1024 * 1024), MALLOC_TRIM_THRESHOLD_: String(512 * 1024 * 1024), MALLOC_MMAP_THRESHOLD_: String(512 * 1024 * 1024) }),
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import failed (${code}): ${stderr}`))));
  });
  const write = (text: string) => (child.stdin.write(text) ? Promise.resolve() : new Promise<void>((resolve) => child.stdin.once('drain', () => resolve())));

  let mark = 0;
  let mainMark = 0;
  let pr = 0;
  let total = 0;
  let buffer = '';
  for (let i = 0; i < commits; i++) {
    const at = Math.round(fromS + i * step);
    const person = PEOPLE[i % 7 === 3 ? 2 : i % 5 === 0 ? 1 : 0]!;
    const topic = TOPICS[i % TOPICS.length]!;
    const file = `M 100644 inline src/module${i % 40}.ts\n${data(`export const version = ${i};\n`)}`;
    const from = mainMark ? `from :${mainMark}\n` : '';
    const kind = i === 0 ? 'direct' : i % 20 < 11 ? 'merge' : i % 20 < 17 ? 'squash' : i % 20 < 18 ? 'web' : 'direct';
    if (kind === 'merge') {
      // The feature commit, then GitHub's merge commit with it as second parent.
      pr++;
      const feature = ++mark;
      buffer +=
        `commit refs/heads/feature\nmark :${feature}\nauthor ${ident(person, at - 120)}\ncommitter ${ident(person, at - 120)}\n` +
        data(`Add ${topic} ${i}\n\nCloses #${pr + 1000}.`) +
        from +
        file;
      const merge = ++mark;
      buffer +=
        `commit refs/heads/main\nmark :${merge}\nauthor ${ident(person, at)}\ncommitter ${ident(GITHUB, at)}\n` +
        data(`Merge pull request #${pr} from acme/feature-${i}\n\nAdd ${topic} ${i}`) +
        from +
        `merge :${feature}\n`;
      mainMark = merge;
      total += 2;
    } else {
      if (kind === 'squash') pr++;
      const message =
        kind === 'squash'
          ? `Improve ${topic} (#${pr})\n\n* first step\n* second step\n\nCo-authored-by: ${PEOPLE[1]!.name} <${PEOPLE[1]!.email}>`
          : kind === 'web'
            ? `Update README.md`
            : `Fix ${topic} typo`;
      const committer = kind === 'direct' ? person : GITHUB;
      const own = ++mark;
      buffer += `commit refs/heads/main\nmark :${own}\nauthor ${ident(person, at)}\ncommitter ${ident(committer, at)}\n` + data(message) + from + file;
      mainMark = own;
      total += 1;
    }
    if (buffer.length > 256 * 1024) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(`${buffer}done\n`);
  child.stdin.end();
  await finished;
  if (options.origin) {
    gitSync(dir, ['remote', 'add', 'origin', options.origin]);
    gitSync(dir, ['update-ref', 'refs/remotes/origin/main', 'refs/heads/main']);
    gitSync(dir, ['symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main']);
  }
  return { firstParent: commits, total };
};
