import type { z } from 'zod';

/** One operation of the API: what it takes, what it gives back, and whether it changes the workspace. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string;
  input: I;
  output: O;
  /** Mutating methods need an acting person and always write the audit trail. */
  mutates: boolean;
}

export const defineMethod = <I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> => spec;
