import type { MethodName, MethodOutput, ParsedInput } from '../../shared/contract/index.js';
import type { CoreContext } from './context.js';

export type Handler<M extends MethodName> = (input: ParsedInput<M>, ctx: CoreContext) => MethodOutput<M> | Promise<MethodOutput<M>>;

/** A capability's share of the handler table. */
export type Handlers<M extends MethodName> = { [K in M]: Handler<K> };
