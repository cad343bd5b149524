// How a resolver is declared: once, under its key, as a function of that key. The key is only
// known when the table is built, so each declaration is typed by the entry it fills.
import type { Request } from '@forge/resolver';
import type { FunctionKey, Result, DataOf } from '../../shared/contract';

export type Handler<K extends FunctionKey> = (req: Request) => Promise<Result<DataOf<K>>>;

/** A resolver waiting for its key (validation, the answer's `where` in logs). */
export type Declared<K extends FunctionKey> = (key: K) => Handler<K>;

export type Declarations<Keys extends FunctionKey> = { [K in Keys]: Declared<K> };

export type ResolverTable = { [K in FunctionKey]: Handler<K> };

/** Every key of the contract bound to its handler; the compiler checks none is missing or extra. */
export function resolverTable(declarations: Declarations<FunctionKey>): ResolverTable {
  const bind = <K extends FunctionKey>(key: K): [K, Handler<K>] => [key, declarations[key](key)];
  const keys = Object.keys(declarations) as FunctionKey[];
  // fromEntries forgets which handler goes with which key; `bind` is where they are paired.
  return Object.fromEntries(keys.map(bind)) as ResolverTable;
}
