import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Session, type CoreContext } from '../../electron/core/context.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { handlers } from '../../electron/core/handlers.js';
import { createPathPlatform } from '../../electron/core/platform/pathPlatform.js';
import { contract, methodNames, type MethodInput, type MethodName, type MethodOutput } from '../../shared/contract/index.js';
import { AppError, type Result } from '../../shared/result.js';
import { makeTempDir } from '../support/tempDir.js';
import { testOwner, testProfile } from '../support/workspaces.js';

const contexts: CoreContext[] = [];

const makeContext = (mode: 'browser' | 'cli' = 'browser'): CoreContext => {
  const dir = makeTempDir('dispatch');
  const ctx: CoreContext = {
    platform: createPathPlatform({ mode, appDataDir: join(dir, 'app-data'), documentsDir: dir }),
    session: new Session(),
  };
  contexts.push(ctx);
  return ctx;
};

afterEach(() => {
  for (const ctx of contexts.splice(0)) ctx.session.close();
  vi.restoreAllMocks();
});

const expectFailure = (result: Result<unknown>, code: AppError['code']) => {
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(AppError.safeParse(result.error).success).toBe(true);
  expect(result.error.code).toBe(code);
  return result.error;
};

const expectValue = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
};

/** Calls a method that must succeed, typed by the contract. */
const call = async <M extends MethodName>(ctx: CoreContext, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
  expectValue(await dispatch(ctx, method, input)) as MethodOutput<M>;

/** A context with a new workspace open and its owner acting. */
const openContext = async () => {
  const ctx = makeContext();
  const path = join(ctx.platform.documentsDir, 'acme.countersign');
  const summary = await call(ctx, 'workspace.create', { path, profile: testProfile, owner: testOwner });
  return { ctx, path, summary };
};

describe('dispatch', () => {
  it('the handler table covers every contract method, and nothing else', () => {
    expect(Object.keys(handlers).sort()).toEqual([...methodNames].sort());
    for (const name of methodNames) expect(typeof handlers[name], name).toBe('function');
    for (const name of methodNames) {
      expect(typeof contract[name].summary, name).toBe('string');
      expect(typeof contract[name].mutates, name).toBe('boolean');
    }
  });

  it('an unknown method is UNKNOWN_METHOD, naming it', async () => {
    const ctx = makeContext();
    for (const name of ['nope', 'workspace.delete', '', 'toString', 'constructor', '__proto__', 'hasOwnProperty', 'app.info ']) {
      const error = expectFailure(await dispatch(ctx, name, {}), 'UNKNOWN_METHOD');
      expect(error.message).toContain(`"${name}"`);
    }
  });

  it('invalid input is INVALID_INPUT with issues that name the fields', async () => {
    const ctx = makeContext();
    const path = join(ctx.platform.documentsDir, 'x.countersign');
    const bad = await dispatch(ctx, 'workspace.create', {
      path,
      profile: { ...testProfile, organisation: '', timeZone: 'Mars/Olympus_Mons', frameworks: ['pci'] },
      owner: { name: 'Ada', email: 'not-an-email' },
    });
    const error = expectFailure(bad, 'INVALID_INPUT');
    const paths = error.issues?.map((issue) => issue.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['profile.organisation', 'profile.timeZone', 'profile.frameworks.0', 'owner.email']));
    for (const issue of error.issues ?? []) expect(issue.message.length).toBeGreaterThan(0);
    expect(error.message).toMatch(/^profile\.|^owner\./);
  });

  it('an observation period that ends before it starts is INVALID_INPUT on periodEnd', async () => {
    const ctx = makeContext();
    const error = expectFailure(
      await dispatch(ctx, 'workspace.create', {
        path: join(ctx.platform.documentsDir, 'x.countersign'),
        profile: { ...testProfile, periodStart: '2026-12-31', periodEnd: '2026-01-01' },
        owner: testOwner,
      }),
      'INVALID_INPUT',
    );
    expect(error.issues).toEqual([{ path: 'profile.periodEnd', message: expect.stringMatching(/end after it starts/) }]);
  });

  it('input that is not an object at all is INVALID_INPUT, and nothing is created', async () => {
    const ctx = makeContext();
    for (const input of ['a string', 42, [], true]) {
      expectFailure(await dispatch(ctx, 'workspace.create', input), 'INVALID_INPUT');
    }
    expect(ctx.session.workspace).toBeNull();
  });

  it('a mutating method with no workspace open is NO_WORKSPACE', async () => {
    const ctx = makeContext();
    const mutating = methodNames.filter((name) => contract[name].mutates);
    expect(mutating).toContain('people.add');
    expectFailure(await dispatch(ctx, 'people.add', { name: 'Bob', email: 'bob@acme.example', role: 'engineer' }), 'NO_WORKSPACE');
    // A reading method too, once its input is valid.
    expectFailure(await dispatch(ctx, 'audit.verify', {}), 'NO_WORKSPACE');
    expectFailure(await dispatch(ctx, 'people.list', {}), 'NO_WORKSPACE');
  });

  it('a mutating method with nobody acting is NO_ACTOR, and nothing is written', async () => {
    const { ctx, summary } = await openContext();
    ctx.session.actor = null;
    expectFailure(await dispatch(ctx, 'people.add', { name: 'Bob', email: '', role: 'engineer' }), 'NO_ACTOR');
    const after = await call(ctx, 'workspace.current', {});
    expect(after?.auditEntries).toBe(summary.auditEntries);
  });

  it('runs a whole session: create, add a person, switch actor, list and verify the trail', async () => {
    const { ctx, path, summary } = await openContext();
    expect(summary).toMatchObject({ path, organisation: testProfile.organisation, actor: { name: testOwner.name, role: 'owner' } });

    const bob = await call(ctx, 'people.add', { name: 'Bob Reviewer', email: 'bob@review.example', role: 'external_reviewer', justification: 'Quarterly review' });
    const switched = await call(ctx, 'session.setActor', { personId: bob.id });
    expect(switched.actor?.id).toBe(bob.id);
    await call(ctx, 'people.update', { id: bob.id, name: 'Bob R. Reviewer' });

    const page = await call(ctx, 'audit.list', {});
    expect(page.entries[0]).toMatchObject({ action: 'person.updated', actorId: bob.id, actorName: 'Bob Reviewer' });
    const entry = await call(ctx, 'audit.entry', { seq: page.entries[0]!.seq });
    expect(entry).toMatchObject({ before: { name: 'Bob Reviewer' }, after: { name: 'Bob R. Reviewer' } });
    const verification = await call(ctx, 'audit.verify', {});
    expect(verification).toMatchObject({ ok: true, entries: page.total, firstBroken: null });

    expectFailure(await dispatch(ctx, 'session.setActor', { personId: 'nobody' }), 'NOT_FOUND');
    expectFailure(await dispatch(ctx, 'people.add', { name: 'Robert', email: 'BOB@review.example', role: 'auditor' }), 'CONFLICT');
    expect(expectValue(await dispatch(ctx, 'workspace.close', {}))).toEqual({ closed: true });
    expect(expectValue(await dispatch(ctx, 'workspace.current', {}))).toBeNull();
  });

  it('core failures come back as data: bad files, locked files, existing files', async () => {
    const ctx = makeContext();
    const text = join(ctx.platform.documentsDir, 'notes.txt');
    writeFileSync(text, 'hello');
    expectFailure(await dispatch(ctx, 'workspace.open', { path: text }), 'NOT_A_WORKSPACE');
    expectFailure(await dispatch(ctx, 'workspace.open', { path: join(ctx.platform.documentsDir, 'missing.countersign') }), 'NOT_FOUND');

    const { path } = await openContext();
    expectFailure(await dispatch(ctx, 'workspace.open', { path }), 'WORKSPACE_LOCKED');
    expectFailure(await dispatch(ctx, 'workspace.create', { path, profile: testProfile, owner: testOwner }), 'ALREADY_EXISTS');
  });

  it('never throws: every method, with hostile inputs, with and without a workspace, resolves to a Result', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const hostile: unknown[] = [undefined, null, 0, 'x', [], {}, { path: 42 }, { __proto__: { polluted: true } }, { personId: '' }, Object.create(null)];
    const { ctx } = await openContext();
    const empty = makeContext();
    for (const context of [empty, ctx]) {
      for (const method of methodNames) {
        if (method === 'workspace.close' || method === 'workspace.openDemo') continue;
        for (const input of hostile) {
          const result = await dispatch(context, method, input).catch((error: unknown) => ({ threw: error }));
          expect('threw' in result, `${method} threw`).toBe(false);
          expect(typeof (result as Result<unknown>).ok, method).toBe('boolean');
          if (!(result as Result<unknown>).ok) expect(AppError.safeParse((result as { error: unknown }).error).success, method).toBe(true);
        }
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a handler that throws something that is not an Error is still INTERNAL, as data', async () => {
    const reported: string[] = [];
    const ctx = { ...makeContext(), reportUnexpected: (method: string) => reported.push(method) };
    const table = handlers as Record<MethodName, unknown>;
    const original = table['app.info'];
    try {
      for (const thrown of [null, undefined, 'a string', 42, { weird: true }, new Error('plain')]) {
        table['app.info'] = () => {
          throw thrown;
        };
        const result = await dispatch(ctx, 'app.info', {});
        const error = expectFailure(result, 'INTERNAL');
        expect(error.message).toContain('app.info');
      }
      table['app.info'] = () => Promise.reject(new TypeError('rejected'));
      expect(expectFailure(await dispatch(ctx, 'app.info', {}), 'INTERNAL').message).toContain('rejected');
    } finally {
      table['app.info'] = original;
    }
    // The door that asked to hear about the unforeseen (the app's console) hears about each one.
    expect(reported).toEqual(Array(7).fill('app.info'));
  });

  it('SQLite errors, extended codes included, become the matching error code', async () => {
    const table = handlers as Record<MethodName, unknown>;
    const original = table['app.info'];
    const sqliteError = (code: string) => Object.assign(new Error(`sqlite says ${code}`), { code });
    const cases: [string, AppError['code']][] = [
      ['SQLITE_CORRUPT', 'CORRUPT_WORKSPACE'],
      ['SQLITE_CORRUPT_INDEX', 'CORRUPT_WORKSPACE'],
      ['SQLITE_NOTADB', 'CORRUPT_WORKSPACE'],
      ['SQLITE_READONLY', 'READ_ONLY_LOCATION'],
      ['SQLITE_READONLY_DBMOVED', 'READ_ONLY_LOCATION'],
      ['SQLITE_FULL', 'INTERNAL'],
    ];
    try {
      for (const [code, expected] of cases) {
        table['app.info'] = () => {
          throw sqliteError(code);
        };
        expectFailure(await dispatch(makeContext(), 'app.info', {}), expected);
      }
    } finally {
      table['app.info'] = original;
    }
  });

  it('app.info and the dialogs answer for the door', async () => {
    const browser = makeContext('browser');
    expect(expectValue(await dispatch(browser, 'app.info', {}))).toMatchObject({ mode: 'browser', nativeDialogs: false, version: expect.any(String) });
    expect(expectValue(await dispatch(browser, 'dialog.chooseWorkspaceToCreate', { suggestedName: 'Acme / Widgets: Ltd' }))).toEqual({
      status: 'type-a-path',
      suggestedPath: join(browser.platform.documentsDir, 'Acme  Widgets Ltd.countersign'.replace(/\s+/g, ' ')),
    });
  });
});
