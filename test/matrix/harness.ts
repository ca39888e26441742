/**
 * A small harness for the matrix tests: a temporary folder, a core context as a door builds it, and a
 * typed call that goes through dispatch() like every door does and checks the answer against the
 * contract's output schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contract, type MethodInput, type MethodName, type MethodOutput } from '../../shared/contract/index.js';
import { sodRequirements } from '../../shared/catalog/index.js';
import type { OrganisationAnswers, ToolingAnswers } from '../../shared/domain/matrix.js';
import type { Person } from '../../shared/domain/people.js';
import type { AppError, Result } from '../../shared/result.js';
import { Session, type CoreContext } from '../../electron/core/context.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { createPathPlatform } from '../../electron/core/platform/pathPlatform.js';

/** A failed call, carrying the error the door would show. */
export class CallFailed extends Error {
  constructor(
    readonly method: string,
    readonly error: AppError,
  ) {
    super(`${method} failed with ${error.code}: ${error.message}`);
  }
}

export interface Harness {
  dir: string;
  path: string;
  ctx: CoreContext;
  owner: Person;
  /** Calls a method and returns its value; a failure throws CallFailed. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Calls a method and returns the Result as data, for asserting failures. */
  attempt(method: string, input: unknown): Promise<Result<unknown>>;
  /** Closes the workspace and opens the same file in a brand-new session, as after a restart. */
  reopen(): Promise<void>;
  dispose(): void;
}

export const PROFILE = {
  organisation: 'Solo Labs Ltd',
  frameworks: ['soc2', 'iso27001'] as ('soc2' | 'iso27001')[],
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  timeZone: 'Europe/London',
};

export const OWNER_NAME = 'Sam Okafor';

const newContext = (dir: string): CoreContext => ({
  platform: createPathPlatform({ mode: 'cli', appDataDir: dir, documentsDir: dir }),
  session: new Session(),
});

export const createHarness = async (): Promise<Harness> => {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-matrix-'));
  const path = join(dir, 'solo.countersign');
  let ctx = newContext(dir);

  const attempt = (method: string, input: unknown) => dispatch(ctx, method, input);
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const result = await dispatch(ctx, method, input);
    if (!result.ok) throw new CallFailed(method, result.error);
    // What crosses a door must match the contract's output schema (browser mode and IPC rely on it).
    const checked = contract[method].output.safeParse(result.value);
    if (!checked.success) throw new Error(`${method} returned a value outside its contract: ${checked.error.message}`);
    return result.value as MethodOutput<M>;
  };

  const summary = await call('workspace.create', { path, profile: PROFILE, owner: { name: OWNER_NAME, email: 'sam@sololabs.example' } });
  if (!summary.actor) throw new Error('workspace.create gave no acting person');
  const owner = summary.actor;

  return {
    dir,
    path,
    get ctx() {
      return ctx;
    },
    owner,
    call,
    attempt,
    reopen: async () => {
      ctx.session.close();
      ctx = newContext(dir);
      await call('workspace.open', { path, readOnly: false });
    },
    dispose: () => {
      ctx.session.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

export const addPerson = (harness: Harness, name: string, role: Person['role']): Promise<Person> =>
  harness.call('people.add', { name, email: '', role, justification: `${name} joins the workspace` });

/** The six rows of the classic solo matrix (PRODUCT.md), by catalog id. */
export const CLASSIC_SIX = [
  'SOD-CODE-REVIEW',
  'SOD-DEPLOY-APPROVAL',
  'SOD-ACCESS-CHANGE',
  'SOD-CONFIG-CHANGE',
  'SOD-MONITORING-REVIEW',
  'SOD-INCIDENT-TEST',
] as const;

/** A solo founder's organisation answers: one person holds both sides of every conflicting pair. */
export const soloOrganisation = (ownerId: string): OrganisationAnswers => ({
  headcount: 1,
  frameworks: ['soc2', 'iso27001'],
  dutyHolders: Object.fromEntries(sodRequirements.map((requirement) => [requirement.id, { holderAId: ownerId, holderBId: ownerId }])),
});

/** GitHub + GitHub Actions + AWS + Terraform, with an AI reviewer and an external reviewer engaged. */
export const githubAwsTerraform: ToolingAnswers = {
  gitHost: 'github',
  ci: 'github-actions',
  cloud: 'aws',
  kubernetes: false,
  iac: 'terraform',
  logging: 'cloud-native',
  aiReviewer: true,
  externalReviewer: true,
};

/** Every new audit entry since `fromSeq`, oldest first. */
export const auditEntriesSince = async (harness: Harness, fromSeq: number) => {
  const { total, entries } = await harness.call('audit.list', { offset: 0, limit: 1000 });
  return { total, entries: entries.filter((entry) => entry.seq > fromSeq).sort((a, b) => a.seq - b.seq) };
};

export const auditHead = async (harness: Harness): Promise<{ seq: number; hash: string }> => {
  const current = await harness.call('workspace.current', {});
  if (!current) throw new Error('no workspace is open');
  return { seq: current.auditEntries, hash: current.headHash };
};

/**
 * True when `text` reads as one sentence: non-empty, on one line, ending with a full stop, and with no
 * second sentence starting inside it.
 */
export const isOneSentence = (text: string): boolean => {
  const trimmed = text.trim();
  return trimmed.length > 0 && !trimmed.includes('\n') && /[.!?]$/.test(trimmed) && !/[.!?]\s+[A-Z]/.test(trimmed.slice(0, -1));
};

/** A minimal RFC 4180 reader: quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF records. */
export const parseCsv = (text: string): string[][] => {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') throw new Error(`RFC 4180: a quote must end its field (offset ${i})`);
        continue;
      }
      field += char;
      i++;
      continue;
    }
    if (char === '"') {
      if (field.length > 0) throw new Error(`RFC 4180: a quote may only open a field (offset ${i})`);
      quoted = true;
      i++;
    } else if (char === ',') {
      endField();
      i++;
    } else if (char === '\r' && text[i + 1] === '\n') {
      endRecord();
      i += 2;
    } else if (char === '\n' || char === '\r') {
      throw new Error(`RFC 4180: a bare line break outside quotes (offset ${i})`);
    } else {
      field += char;
      i++;
    }
  }
  if (quoted) throw new Error('RFC 4180: a quoted field is not closed');
  if (field.length > 0 || record.length > 0) endRecord();
  return records;
};
