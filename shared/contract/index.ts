import type { z } from 'zod';
import { appMethods } from './app.js';
import { auditMethods } from './audit.js';
import type { MethodSpec } from './define.js';
import { evidenceMethods } from './evidence.js';
import { matrixMethods } from './matrix.js';
import { peopleMethods } from './people.js';
import { workspaceMethods } from './workspace.js';

/** The whole API: every door (IPC, HTTP, CLI) reaches exactly these methods. */
export const contract = {
  ...appMethods,
  ...workspaceMethods,
  ...peopleMethods,
  ...auditMethods,
  ...matrixMethods,
  ...evidenceMethods,
} as const satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export const methodNames = Object.keys(contract) as MethodName[];
export const isMethodName = (name: string): name is MethodName => Object.hasOwn(contract, name);

export { FileChoice } from './app.js';
