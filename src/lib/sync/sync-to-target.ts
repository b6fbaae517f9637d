import type { ServiceNowClient } from '../client.js';
import { ConfigError } from '../errors/config-error.js';
import type { TableRecord } from '../table.js';
import { rawValue } from './field-value.js';
import { copyPhases } from './copy-phases.js';
import type { StreamSpec } from './read-stream.js';
import { newestStamp, validateSettings, type SyncSettings, type SyncSettingsOptions } from './sync-settings.js';
import { cellValue, planColumns, type MappedColumn } from './target/columns.js';
import { SAFE_IDENTIFIER, type DatabaseTarget, type RowValues } from './target/database-target.js';
import { resolveStartState } from './target/start-state.js';
import { prepareTable, type SchemaChanges } from './target/table-schema.js';
import {
  partitionConditions,
  partitionKey,
  parsePartition,
  storedState,
  type Partition,
  type TargetPendingRun,
  type TargetSyncState,
} from './target/target-state.js';
import { auditGroupsOf, optional } from './phase-window.js';
import { filterGroups } from './window-query.js';

/** Options of `syncTable(client, table, { target, … })`. */
export interface SyncToTargetOptions extends SyncSettingsOptions {
  /** An opened database target (see `openDatabaseTarget`); the caller closes it. */
  readonly target: DatabaseTarget;
  /**
   * The timestamp field changes are read by (default sys_updated_on). Another field, e.g. sys_created_on for
   * append-only tables such as sys_journal_field or sys_audit, reads only new rows: updates and deletes are
   * then not tracked (deletes must not be requested).
   */
  readonly cursor?: string;
  /** `K/N`: this run loads only share K (0-based) of N of the sys_id space. Only for the initial load. */
  readonly partition?: string | Partition;
  readonly signal?: AbortSignal;
  /** Called after every page committed. */
  readonly onProgress?: (progress: {
    run: number;
    phase: 'upserts' | 'deletes';
    upserts: number;
    deletes: number;
  }) => void;
}

/** What one `syncTable(…, { target })` call did. */
export interface TargetSyncResult {
  readonly table: string;
  /** The target, password masked. */
  readonly target: string;
  readonly partition?: string;
  /** true when this was the initial load (of the table, or of this partition). */
  readonly full: boolean;
  /** true when it continued a run that had been killed or aborted (it then also read the changes made since). */
  readonly resumed: boolean;
  /** true when this partition had already finished its load: nothing was read or written. */
  readonly alreadyLoaded: boolean;
  /** Partitions whose states were merged into the table's own at the start of this run. */
  readonly mergedPartitions: number;
  readonly upserts: number;
  readonly deletes: number;
  /** false with a cursor other than sys_updated_on, or with deletes off: deleted records stay in the target. */
  readonly deletesTracked: boolean;
  readonly cursor: string;
  /** The committed watermark: the newest cursor value covered. */
  readonly watermark?: string;
  readonly schema: SchemaChanges;
}

type Settings = SyncSettings & { readonly cursor: string };

const AUDIT_FIELDS = ['sys_id', 'sys_created_on', 'tablename', 'documentkey'];

/**
 * Sync of one table into a database: the initial load, then upserts of what changed and deletes from
 * sys_audit_delete. Every page's rows and the sync state covering them commit in one transaction, so a run
 * killed at any point continues where its last commit left off: no change is lost or applied twice.
 */
export async function syncToTarget(
  client: ServiceNowClient,
  table: string,
  options: SyncToTargetOptions,
): Promise<TargetSyncResult> {
  const settings = validate(table, options);
  const partition =
    options.partition === undefined
      ? undefined
      : typeof options.partition === 'string'
        ? parsePartition(options.partition)
        : parsePartition(partitionKey(options.partition));
  const key = partition ? partitionKey(partition) : '';
  const target = options.target;
  const release = await target.tryLock(settings.table, key);
  if (!release) {
    throw new ConfigError(
      `Another sync is writing ${settings.table}${key ? ` partition ${key}` : ''} in ${target.description}`,
      'Wait for it to finish, or stop it',
    );
  }
  try {
    const first = await run(client, settings, partition, options);
    return first.resumed ? await catchUp(first, () => run(client, settings, partition, options)) : first;
  } finally {
    await release();
  }
}

/**
 * A resumed run covers the changes up to when it first started, which can be long ago (it may have been killed
 * many times). One more run, in the same call, brings the target up to now: a sync that exits cleanly has read
 * every change made before it started. A partition that finished its share has nothing more to do.
 */
async function catchUp(resumed: TargetSyncResult, next: () => Promise<TargetSyncResult>): Promise<TargetSyncResult> {
  const latest = await next();
  if (latest.alreadyLoaded) return resumed;
  return {
    ...latest,
    full: resumed.full,
    resumed: true,
    mergedPartitions: resumed.mergedPartitions,
    upserts: resumed.upserts + latest.upserts,
    deletes: resumed.deletes + latest.deletes,
    schema: resumed.schema,
  };
}

function validate(table: string, options: SyncToTargetOptions): Settings {
  if (typeof options?.target?.apply !== 'function') {
    throw new ConfigError('syncTable needs a target', 'Pass { target: await openDatabaseTarget(url) }');
  }
  const cursor = options.cursor ?? 'sys_updated_on';
  if (!SAFE_IDENTIFIER.test(cursor)) {
    throw new ConfigError(`Invalid cursor field ${JSON.stringify(cursor)}`, 'Use a field name such as sys_created_on');
  }
  const byUpdate = cursor === 'sys_updated_on';
  if (!byUpdate && (options.deletes === true || options.deleteTables !== undefined)) {
    throw new ConfigError(
      `Deletes cannot be tracked with cursor ${cursor}`,
      'Use the default cursor (sys_updated_on) to track deletes, or drop the delete options',
    );
  }
  const settings = validateSettings(table, { ...options, ...(byUpdate ? {} : { deletes: false }) }, cursor);
  return { ...settings, cursor };
}

async function run(
  client: ServiceNowClient,
  settings: Settings,
  partition: Partition | undefined,
  options: SyncToTargetOptions,
): Promise<TargetSyncResult> {
  const target = options.target;
  const start = await resolveStartState(target, settings, partition);
  const base = {
    table: settings.table,
    target: target.description,
    ...(partition ? { partition: partitionKey(partition) } : {}),
    deletesTracked: settings.deleteTables !== null,
    cursor: settings.cursor,
    mergedPartitions: start.merged,
  };
  if (start.alreadyLoaded) return { ...base, ...nothingToLoad(start.state) };
  const { changes, writable } = await prepareColumns(client, settings, options);
  const full = start.state.completedRuns === 0;
  const resumed = start.state.pending !== undefined;
  const streams = changeStreams(client, settings, partition, writable, options);
  let pending = start.state.pending ?? (await startPendingRun(streams, settings.cursor, options.signal));
  pending = await copyPhases<TargetPendingRun, RowValues, string>(
    {
      committed: start.state,
      full,
      lookbackSeconds: settings.lookbackSeconds,
      specs: streams,
      signal: options.signal,
      // The next page is requested while this one is written: the instance and the database work in parallel.
      readAhead: true,
      commit: async (phase, events, next) => {
        // The rows and the state that says they are done commit together: a crash keeps both or neither.
        await target.apply({
          table: settings.table,
          columns: writable,
          upserts: phase === 'upserts' ? (events as RowValues[]) : [],
          deletes: phase === 'deletes' ? (events as string[]).filter((id) => id !== '') : [],
          state: storedState({ ...start.state, pending: next }),
        });
        options.onProgress?.({
          run: start.state.completedRuns + 1,
          phase,
          upserts: next.upserts,
          deletes: next.deletes,
        });
        return next;
      },
    },
    pending,
  );
  const state = finishedState(start.state, pending, full);
  await target.saveStates([storedState(state)]);
  return {
    ...base,
    full,
    resumed,
    alreadyLoaded: false,
    upserts: pending.upserts,
    deletes: pending.deletes,
    ...(state.upserts.watermark ? { watermark: state.upserts.watermark } : {}),
    schema: changes,
  };
}

/** The result of a partition whose load had already finished: nothing read or written. */
function nothingToLoad(state: TargetSyncState) {
  return {
    full: true,
    resumed: false,
    alreadyLoaded: true,
    upserts: 0,
    deletes: 0,
    ...(state.upserts.watermark ? { watermark: state.upserts.watermark } : {}),
    schema: { created: false, added: [], typeChanges: [], skipped: [] },
  };
}

/** The target table made to match the instance's dictionary: what changed and the columns that can be written. */
async function prepareColumns(client: ServiceNowClient, settings: Settings, options: SyncToTargetOptions) {
  const dictionary = await client.schema.fields(settings.table, options.signal ? { signal: options.signal } : {});
  const plan = planColumns(settings.table, dictionary, {
    requested: settings.fields?.filter((f) => f !== 'sys_id'),
    displayValue: settings.displayValue,
    cursor: settings.cursor,
  });
  return prepareTable(options.target, settings.table, plan.columns, plan.skipped);
}

interface ChangeStreams {
  readonly upserts: StreamSpec<RowValues>;
  /** Undefined when deletes are not tracked. */
  readonly deletes: StreamSpec<string> | undefined;
  /** The whole filter's groups (not only a partition's) and the audit filter, for the upper bounds. */
  readonly groups: readonly (readonly string[])[];
  readonly auditGroups: readonly (readonly string[])[];
}

/** The two streams a run reads: the table's rows (a partition's share of them) and its sys_audit_delete rows. */
function changeStreams(
  client: ServiceNowClient,
  settings: Settings,
  partition: Partition | undefined,
  writable: readonly MappedColumn[],
  options: SyncToTargetOptions,
): ChangeStreams {
  const groups = filterGroups(settings.query);
  const auditGroups = auditGroupsOf(settings.deleteTables);
  const pageSize = options.pageSize ?? 500;
  const upserts: StreamSpec<RowValues> = {
    table: client.table(settings.table),
    groups: partition ? groups.map((g) => [...g, ...partitionConditions(partition)]) : groups,
    tsField: settings.cursor,
    fields: settings.fields ?? undefined,
    ...(settings.displayValue === false ? {} : { displayValue: settings.displayValue }),
    excludeReferenceLink: true,
    ...(options.onSkip ? { onSkip: options.onSkip } : {}),
    pageSize,
    key: (r) => `${rawValue(r, 'sys_id')}|${rawValue(r, settings.cursor)}|${rawValue(r, 'sys_mod_count') ?? ''}`,
    toEvent: (r) => rowOf(settings.table, writable, r),
  };
  const deletes: StreamSpec<string> = {
    table: client.table('sys_audit_delete'),
    groups: auditGroups,
    tsField: 'sys_created_on',
    fields: AUDIT_FIELDS,
    pageSize,
    key: (r) => rawValue(r, 'sys_id') ?? '',
    toEvent: (r) => rawValue(r, 'documentkey') ?? '',
  };
  return { upserts, deletes: settings.deleteTables === null ? undefined : deletes, groups, auditGroups };
}

/** A new run: the upper bounds are the streams' newest stamps now. */
async function startPendingRun(
  streams: ChangeStreams,
  cursor: string,
  signal: AbortSignal | undefined,
): Promise<TargetPendingRun> {
  return {
    startedAt: new Date().toISOString(),
    upserts: 0,
    deletes: 0,
    // The whole table's newest stamp, also for a partition: its watermark must cover rows created in its
    // range after it started, even when the range was empty then.
    upper: {
      ...optional('upserts', await newestStamp(streams.upserts.table, streams.groups, cursor, signal)),
      ...(streams.deletes === undefined
        ? {}
        : optional('deletes', await newestStamp(streams.deletes.table, streams.auditGroups, 'sys_created_on', signal))),
    },
    phase: 'upserts',
    next: { upserts: { seen: [] }, deletes: { seen: [] } },
  };
}

/** The state a finished run commits: the new stream states, no pending run, and the run's summary. */
function finishedState(state: TargetSyncState, pending: TargetPendingRun, full: boolean): TargetSyncState {
  const { pending: _finished, ...committed } = state;
  return {
    ...committed,
    completedRuns: state.completedRuns + 1,
    upserts: pending.next.upserts,
    deletes: pending.next.deletes,
    lastRun: {
      startedAt: pending.startedAt,
      finishedAt: new Date().toISOString(),
      full,
      upserts: pending.upserts,
      deletes: pending.deletes,
    },
  };
}

function rowOf(table: string, columns: readonly MappedColumn[], record: TableRecord): RowValues {
  const sysId = rawValue(record, 'sys_id') ?? '';
  return columns.map((c) => cellValue(table, sysId, c, record));
}
