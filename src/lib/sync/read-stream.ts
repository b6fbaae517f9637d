import { AbortError } from '../errors/abort-error.js';
import { ResponseError } from '../errors/response-error.js';
import type { SkippedRecord } from '../record-list.js';
import type { Table, TableRecord } from '../table.js';
import type { DisplayValue } from '../table-params.js';
import { rawValue } from './field-value.js';
import { windowQuery, type StreamCursor } from './window-query.js';

/** One change stream: the records of a table, or the sys_audit_delete rows of its deletes. */
export interface StreamSpec<E> {
  readonly table: Table;
  /** The filter's `^NQ` groups (see window-query.ts). */
  readonly groups: readonly (readonly string[])[];
  /** sys_updated_on or sys_created_on. */
  readonly tsField: string;
  /** sysparm_fields (undefined: all), already including sys_id and the timestamp field. */
  readonly fields: readonly string[] | undefined;
  readonly displayValue?: DisplayValue;
  readonly excludeReferenceLink?: boolean;
  readonly pageSize: number;
  /** A record that cannot be read even alone is reported here and passed over (see ListOptions.onSkip). */
  readonly onSkip?: (skipped: SkippedRecord) => void | Promise<void>;
  /** Identifies one version of a row: a row whose key was already seen is not a new change. */
  key(record: TableRecord): string;
  /** Turns a row into its change event. */
  toEvent(record: TableRecord): E;
}

/** Where one run reads a stream. */
export interface StreamRange {
  /** Inclusive lower timestamp, or undefined for the whole stream. */
  readonly from?: string;
  /** Resume strictly after this position (a killed run's last saved cursor). */
  readonly after?: StreamCursor;
  /** Inclusive upper timestamp captured at the start of the run. */
  readonly upTo: string;
  /** Keys already written by the previous run (the re-read window): skipped. */
  readonly skip: ReadonlySet<string>;
  /** Rows at or after this timestamp go into `seen` for the next run's window. */
  readonly windowStart: string;
  /** false: only establish the position (`seen`), write nothing (a first run's deletes). */
  readonly emit: boolean;
}

/** One page's outcome. */
export interface StreamBatch<E> {
  readonly events: E[];
  /** Keys of this page's rows inside the window. */
  readonly seen: string[];
  readonly cursor: StreamCursor;
}

/**
 * Reads a stream in (timestamp, sys_id) keyset order, one request per page, and yields each page's new
 * events. Only an empty page ends it: ServiceNow applies `sysparm_limit` before ACLs (reference §1.3).
 *
 * @throws {ResponseError} when rows lack sys_id or the timestamp, or do not come in the requested order.
 */
export async function* readStream<E>(
  spec: StreamSpec<E>,
  range: StreamRange,
  signal: AbortSignal | undefined,
): AsyncGenerator<StreamBatch<E>> {
  let after = range.after;
  for (;;) {
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
    const query = windowQuery(spec.groups, {
      tsField: spec.tsField,
      ...(range.from === undefined ? {} : { from: range.from }),
      ...(after === undefined ? {} : { after }),
      upTo: range.upTo,
    });
    const page = await spec.table.list({
      query,
      paging: 'offset',
      pageSize: spec.pageSize,
      // One page per query: a count would scan every row still ahead on every step (quadratic over a load).
      noCount: true,
      ...(spec.fields === undefined ? {} : { fields: spec.fields }),
      ...(spec.displayValue === undefined ? {} : { displayValue: spec.displayValue }),
      ...(spec.excludeReferenceLink === undefined ? {} : { excludeReferenceLink: spec.excludeReferenceLink }),
      ...(spec.onSkip === undefined ? {} : { onSkip: spec.onSkip }),
      ...(signal === undefined ? {} : { signal }),
    });
    if (page.records.length === 0) return;
    const events: E[] = [];
    const seen: string[] = [];
    for (const record of page.records) {
      const position = positionOf(spec, record);
      if (after !== undefined && !isAfter(position, after)) {
        throw new ResponseError(
          `${spec.table.name} rows came out of ${spec.tsField}, sys_id order; sync cannot page through them`,
        );
      }
      after = position;
      const key = spec.key(record);
      if (position.ts >= range.windowStart) seen.push(key);
      if (range.emit && !range.skip.has(key)) events.push(spec.toEvent(record));
    }
    if (after === undefined) return;
    yield { events, seen, cursor: after };
  }
}

function positionOf(spec: StreamSpec<unknown>, record: TableRecord): StreamCursor {
  const ts = rawValue(record, spec.tsField);
  const sysId = rawValue(record, 'sys_id');
  if (ts === undefined || ts === '' || sysId === undefined || sysId === '') {
    throw new ResponseError(
      `A ${spec.table.name} row has no readable sys_id or ${spec.tsField}; sync needs both to track its position`,
    );
  }
  return { ts, sysId };
}

function isAfter(a: StreamCursor, b: StreamCursor): boolean {
  return a.ts > b.ts || (a.ts === b.ts && a.sysId > b.sysId);
}
