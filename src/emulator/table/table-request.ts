import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import type { ResolvedTable } from '../schema/types.js';
import type { TableParams } from './params.js';

/** One parsed Table API request, as the list/read/write operations see it. */
export interface TableRequest {
  readonly ctx: EmulatorContext;
  readonly caller: Caller;
  readonly table: ResolvedTable;
  readonly params: TableParams;
  /** '' for the unversioned URL (treated as v2), else 'v1' or 'v2'. */
  readonly version: '' | 'v1' | 'v2';
  /** scheme://host[:port] as the client addressed us. */
  readonly origin: string;
  readonly pathname: string;
  /** The query string exactly as sent, without '?'. */
  readonly rawQuery: string;
  /** Prefix for record URLs: `${origin}/api/now/[v1/|v2/]table/`. */
  readonly tableBase: string;
  /** HEAD or `X-no-response-body: true`: headers only. */
  readonly omitBody: boolean;
  /** Runs a task once this response has been handed to the operating system (read-ahead); else setImmediate. */
  readonly afterResponse?: (task: () => void) => void;
  /** The 'shuffle-ties' fault: break ties of the list order at random instead of by insertion order. */
  readonly shuffleTies?: boolean;
}
