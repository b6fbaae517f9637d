import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ServiceNowClient } from '../client.js';
import { ConfigError } from '../errors/config-error.js';
import type { TableRecord } from '../table.js';
import { openChangeFile } from './change-file.js';
import { rawValue } from './field-value.js';
import { copyPhases } from './copy-phases.js';
import type { StreamSpec } from './read-stream.js';
import type { DeleteEvent, UpsertEvent } from './sync-events.js';
import { lockSyncDir } from './sync-lock.js';
import { readSyncState, STATE_FILE, statePath, writeSyncState, type PendingRun, type SyncState } from './sync-state.js';
import { newestStamp, validateSettings, type SyncSettings, type SyncSettingsOptions } from './sync-settings.js';
import { syncToTarget, type SyncToTargetOptions, type TargetSyncResult } from './sync-to-target.js';
import { auditGroupsOf, optional } from './phase-window.js';
import { filterGroups } from './window-query.js';
import { makeDirectory, removeEmptyDirectories } from '../internal/make-directory.js';

/** Options of {@link syncTable}. */
export interface SyncTableOptions extends SyncSettingsOptions {
  /** Directory holding sync-state.json and the change files; created when missing. One table per directory. */
  readonly dir: string;
  readonly excludeReferenceLink?: boolean;
  readonly signal?: AbortSignal;
  /** Called after every page written. */
  readonly onProgress?: (progress: SyncProgress) => void;
}

/** Progress of a running sync. */
export interface SyncProgress {
  readonly run: number;
  readonly phase: 'upserts' | 'deletes';
  readonly upserts: number;
  readonly deletes: number;
}

/** What one {@link syncTable} call did. */
export interface SyncResult {
  /** true when this was the first run: a full export of the table. */
  readonly full: boolean;
  /** true when it continued a run that had been killed or aborted. */
  readonly resumed: boolean;
  readonly upserts: number;
  readonly deletes: number;
  /** The change file written, absent when nothing changed. */
  readonly file?: string;
  /** Its number; every change file up to this number is complete. */
  readonly fileNumber?: number;
  readonly statePath: string;
}

type Settings = SyncSettings;

const AUDIT_FIELDS = ['sys_id', 'sys_created_on', 'tablename', 'documentkey'];

/**
 * Incremental sync of one table into NDJSON change files.
 *
 * The first run exports every record; later runs write what changed since: upserts read in
 * (sys_updated_on, sys_id) keyset order, deletes from sys_audit_delete in (sys_created_on, sys_id) order.
 * Each run writes `changes-NNNNNN.ndjson` (one ChangeEvent of sync-events.ts per line), fsyncing every page, then
 * atomically replaces `sync-state.json`. A run that finds no change writes no file.
 *
 * **Exactly once, for a consumer that reads change files numbered up to `lastFile` in sync-state.json.**
 * A file numbered higher belongs to a run that has not finished; a killed or aborted run is continued by the
 * next call (the file is cut back to the last saved page and reading resumes after the last saved row).
 * The upper timestamp of each run is fixed when it starts, and the next run re-reads the boundary second
 * (plus `lookbackSeconds`) and skips the row versions it already wrote, so rows that share a timestamp,
 * or land in that second after it was read, are written once. A record updated several times between
 * runs appears once, in its latest state.
 *
 * @throws {ConfigError} for invalid options, a directory synced with other settings, one locked by a
 *   running sync, or one holding change files but no sync-state.json.
 * @throws {AbortError} when `signal` fires; the next call resumes.
 * @example
 * const result = await syncTable(sn, 'incident', { dir: './incident-sync' });
 * console.log(result.upserts, result.deletes, result.file);
 */
export async function syncTable(
  client: ServiceNowClient,
  table: string,
  options: SyncTableOptions,
): Promise<SyncResult>;
/**
 * Sync of one table into a database (PostgreSQL, SQLite, or any `DatabaseTarget`): see
 * {@link SyncToTargetOptions}. The rows of every page and the watermark covering them commit in one transaction.
 *
 * @example
 * const target = await openDatabaseTarget('sqlite:replica.db');
 * const result = await syncTable(sn, 'incident', { target });
 * await target.close();
 */
export async function syncTable(
  client: ServiceNowClient,
  table: string,
  options: SyncToTargetOptions,
): Promise<TargetSyncResult>;
export async function syncTable(
  client: ServiceNowClient,
  table: string,
  options: SyncTableOptions | SyncToTargetOptions,
): Promise<SyncResult | TargetSyncResult> {
  if ('target' in options) return syncToTarget(client, table, options);
  const settings = validate(table, options);
  const dir = resolve(options.dir);
  const pageSize = options.pageSize ?? 500;
  const created = await makeDirectory(dir);
  let release: (() => Promise<void>) | undefined;
  try {
    release = await lockSyncDir(dir);
    return await run(client, settings, dir, pageSize, options);
  } finally {
    await release?.();
    // A directory this call created and that is still empty (unknown table, refused credentials) is not left behind.
    if (created.length > 0) await removeEmptyDirectories(created);
  }
}

async function run(
  client: ServiceNowClient,
  settings: Settings,
  dir: string,
  pageSize: number,
  options: SyncTableOptions,
): Promise<SyncResult> {
  const existing = await readSyncState(dir);
  if (existing) assertSameSettings(dir, existing, settings);
  else await assertNoOrphanChangeFiles(dir);
  let state: SyncState = existing ?? {
    version: 1,
    ...settings,
    completedRuns: 0,
    lastFile: 0,
    upserts: { seen: [] },
    deletes: { seen: [] },
  };
  const full = state.completedRuns === 0;
  const resumed = state.pending !== undefined;
  const records = client.table(settings.table);
  const audit = client.table('sys_audit_delete');
  const groups = filterGroups(settings.query);
  const auditGroups = auditGroupsOf(settings.deleteTables);

  let pending: PendingRun = state.pending ?? {
    run: state.lastFile + 1,
    offset: 0,
    upserts: 0,
    deletes: 0,
    upper: {
      ...optional('upserts', await newestStamp(records, groups, 'sys_updated_on', options.signal)),
      ...(settings.deleteTables === null
        ? {}
        : optional('deletes', await newestStamp(audit, auditGroups, 'sys_created_on', options.signal))),
    },
    phase: 'upserts',
    next: { upserts: { seen: [] }, deletes: { seen: [] } },
  };
  const file = await openChangeFile(dir, pending.run, pending.offset);
  try {
    const upsertSpec: StreamSpec<UpsertEvent> = {
      table: records,
      groups,
      tsField: 'sys_updated_on',
      fields: settings.fields ?? undefined,
      ...(settings.displayValue === false ? {} : { displayValue: settings.displayValue }),
      ...(options.excludeReferenceLink === undefined ? {} : { excludeReferenceLink: options.excludeReferenceLink }),
      ...(options.onSkip ? { onSkip: options.onSkip } : {}),
      pageSize,
      key: (r) => `${rawValue(r, 'sys_id')}|${rawValue(r, 'sys_updated_on')}|${rawValue(r, 'sys_mod_count') ?? ''}`,
      toEvent: (r) => upsertEvent(settings.table, r),
    };
    const deleteSpec: StreamSpec<DeleteEvent> = {
      table: audit,
      groups: auditGroups,
      tsField: 'sys_created_on',
      fields: AUDIT_FIELDS,
      pageSize,
      key: (r) => rawValue(r, 'sys_id') ?? '',
      toEvent: (r) => deleteEvent(settings.table, r),
    };
    const committed = state;
    pending = await copyPhases<PendingRun, UpsertEvent, DeleteEvent>(
      {
        committed,
        full,
        lookbackSeconds: settings.lookbackSeconds,
        specs: { upserts: upsertSpec, deletes: settings.deleteTables === null ? undefined : deleteSpec },
        signal: options.signal,
        commit: async (phase, events, next) => {
          const offset = await file.append(events.map((e) => JSON.stringify(e)));
          const done = { ...next, offset };
          // The page is fsynced above; only now may the state point past it.
          await writeSyncState(dir, { ...committed, pending: done });
          options.onProgress?.({ run: done.run, phase, upserts: done.upserts, deletes: done.deletes });
          return done;
        },
      },
      pending,
    );
    const changed = pending.upserts + pending.deletes > 0;
    if (changed) await file.close();
    else await file.discard();
    state = {
      ...settings,
      version: 1,
      completedRuns: state.completedRuns + 1,
      lastFile: changed ? pending.run : state.lastFile,
      upserts: pending.next.upserts,
      deletes: pending.next.deletes,
    };
    await writeSyncState(dir, state);
    return {
      full,
      resumed,
      upserts: pending.upserts,
      deletes: pending.deletes,
      ...(changed ? { file: file.path, fileNumber: pending.run } : {}),
      statePath: statePath(dir),
    };
  } finally {
    await file.close().catch(() => undefined);
  }
}

/**
 * A directory with change files but no sync-state.json lost its state (deleted, or a restore that missed it):
 * starting over would number the new files from 1 and overwrite the old ones.
 */
async function assertNoOrphanChangeFiles(dir: string): Promise<void> {
  const names = await readdir(dir);
  const orphans = names.filter((n) => /^changes-\d+\.ndjson$/.test(n)).sort();
  if (orphans.length === 0) return;
  throw new ConfigError(
    `${dir} has change files (${orphans.length}, up to ${orphans[orphans.length - 1] ?? ''}) but no ${STATE_FILE}`,
    `Restore ${STATE_FILE} from where it went, or sync into a new directory`,
  );
}

function validate(table: string, options: SyncTableOptions): Settings {
  if (typeof options?.dir !== 'string' || options.dir === '') {
    throw new ConfigError('syncTable needs a directory', 'Pass { dir: "<directory for state and change files>" }');
  }
  return validateSettings(table, options);
}

function assertSameSettings(dir: string, state: SyncState, settings: Settings): void {
  for (const key of ['table', 'query', 'fields', 'displayValue', 'deleteTables', 'lookbackSeconds'] as const) {
    if (JSON.stringify(state[key]) !== JSON.stringify(settings[key])) {
      throw new ConfigError(
        `${dir} was synced with a different ${SETTING_NAMES[key]}: ${describeSetting(key, state[key])} then, ` +
          `${describeSetting(key, settings[key])} now`,
        'Use the original settings, or sync into a new directory',
      );
    }
  }
}

const SETTING_NAMES: Record<keyof Settings, string> = {
  table: 'table',
  query: 'query',
  fields: 'field list',
  displayValue: 'display value mode',
  deleteTables: 'delete tracking',
  lookbackSeconds: 'lookback',
};

/** A setting as a person reads it: "all fields", "no query", "deletes off", "5 s". */
function describeSetting(key: keyof Settings, value: unknown): string {
  switch (key) {
    case 'table':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'query':
      return typeof value === 'string' && value !== '' ? value : 'no query';
    case 'fields':
      return Array.isArray(value) ? value.join(',') : 'all fields';
    case 'displayValue':
      return value === 'all' ? 'all (value and display value)' : 'raw values';
    case 'deleteTables':
      return Array.isArray(value) ? `deletes of ${value.join(',')}` : 'deletes off';
    case 'lookbackSeconds':
      return `${JSON.stringify(value)} s`;
  }
}

function upsertEvent(table: string, record: TableRecord): UpsertEvent {
  return {
    op: 'upsert',
    table,
    sys_id: rawValue(record, 'sys_id') ?? '',
    sys_updated_on: rawValue(record, 'sys_updated_on') ?? '',
    sys_mod_count: rawValue(record, 'sys_mod_count') ?? '',
    record,
  };
}

function deleteEvent(table: string, row: TableRecord): DeleteEvent {
  return {
    op: 'delete',
    table,
    sys_id: rawValue(row, 'documentkey') ?? '',
    deleted_on: rawValue(row, 'sys_created_on') ?? '',
    tablename: rawValue(row, 'tablename') ?? '',
    audit_sys_id: rawValue(row, 'sys_id') ?? '',
  };
}
