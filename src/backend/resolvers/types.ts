import type { Request } from '@forge/resolver';
import type { Defs } from '../../shared/contract';

export type ResolverRequest = Request;

type ResultOf<K extends keyof Defs> = ReturnType<Defs[K]>;

/** Handlers for a subset of the contract's keys, each resolving to its Result type. */
export type HandlerTable<K extends keyof Defs & string> = {
  [P in K]: (req: Request) => Promise<ResultOf<P>>;
};
