import { ConfigError } from '../errors/config-error.js';
import type { CallOptions } from '../table.js';
import type {
  IreItem,
  IreItemResult,
  IreOptions,
  IrePayload,
  IreRelation,
  IreRelationResult,
  IreResult,
} from './cmdb-types.js';

export interface ReconcileStreamOptions extends IreOptions {
  /** Items per request (default 100, at most 1000). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

/** One request's outcome: each input with its result, in input order. */
export interface ReconcileBatch {
  readonly items: readonly { readonly input: IreItem; readonly result: IreItemResult }[];
  readonly relations: readonly { readonly input: IreRelation; readonly result: IreRelationResult }[];
}

type Send = (payload: IrePayload, options: IreOptions & CallOptions) => Promise<IreResult>;

/** A relation entry has a `type` and no `className`; in a stream it names items by internal_id. */
export function isRelationEntry(entry: IreItem | IreRelation): entry is IreRelation {
  return !('className' in entry) && 'type' in entry;
}

function checkRelation(rel: IreRelation): void {
  if (typeof rel.parent_id !== 'string' || typeof rel.child_id !== 'string' || typeof rel.type !== 'string') {
    throw new ConfigError(
      'A relation in a stream needs parent_id, child_id and type',
      'Name items by internal_id, e.g. {"parent_id":"app1","child_id":"srv1","type":"Runs on::Runs"}',
    );
  }
}

/**
 * Sends items in batches, then relations in batches together with the items they name (re-identified, so
 * they come back NO_CHANGE), sequentially: concurrent IRE payloads naming the same CI could race to insert it.
 */
export async function* reconcileStream(
  send: Send,
  entries: AsyncIterable<IreItem | IreRelation> | Iterable<IreItem | IreRelation>,
  options: ReconcileStreamOptions,
): AsyncGenerator<ReconcileBatch> {
  const batchSize = options.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
    throw new ConfigError(`Invalid batchSize ${batchSize}`, 'Use a whole number from 1 to 1000');
  }
  const opts: IreOptions & CallOptions = {
    ...(options.dataSource === undefined ? {} : { dataSource: options.dataSource }),
    ...(options.dryRun === undefined ? {} : { dryRun: options.dryRun }),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const named = new Map<string, IreItem>();
  const relations: IreRelation[] = [];
  let batch: IreItem[] = [];
  const flush = async (): Promise<ReconcileBatch> => {
    const items = batch;
    batch = [];
    const res = await send({ items }, opts);
    return { items: items.map((input, i) => ({ input, result: res.items[i] ?? missing(input) })), relations: [] };
  };
  for await (const entry of entries) {
    if (isRelationEntry(entry)) {
      checkRelation(entry);
      relations.push(entry);
      continue;
    }
    if (typeof entry.internal_id === 'string' && entry.internal_id !== '') named.set(entry.internal_id, entry);
    batch.push(entry);
    if (batch.length >= batchSize) yield await flush();
  }
  if (batch.length > 0) yield await flush();
  for (let start = 0; start < relations.length; start += batchSize) {
    const chunk = relations.slice(start, start + batchSize);
    const ids = [...new Set(chunk.flatMap((r) => [r.parent_id ?? '', r.child_id ?? '']))];
    const items = ids.flatMap((id) => {
      const item = named.get(id);
      return item ? [item] : [];
    });
    if (items.length === 0) {
      yield { items: [], relations: chunk.map((input) => ({ input, result: unnamed(input) })) };
      continue;
    }
    const res = await send({ items, relations: chunk }, opts);
    yield {
      items: [],
      relations: chunk.map((input, i) => ({ input, result: res.relations[i] ?? unnamed(input) })),
    };
  }
}

function missing(input: IreItem): IreItemResult {
  return {
    className: input.className,
    operation: 'NO_CHANGE',
    sysId: undefined,
    errors: [{ error: 'NO_RESULT', message: 'The instance returned no result for this item' }],
    identificationAttempts: [],
  };
}

function unnamed(input: IreRelation): IreRelationResult {
  return {
    operation: 'NO_CHANGE',
    sysId: undefined,
    errors: [
      {
        error: 'INVALID_INPUT_DATA',
        message: `No item has internal_id ${input.parent_id ?? ''} or ${input.child_id ?? ''}`,
      },
    ],
  };
}
