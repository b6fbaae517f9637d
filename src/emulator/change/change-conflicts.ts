import { canRead, canWrite } from '../auth/acl.js';
import { jsonResponse } from '../http/envelope.js';
import { formatDateTime } from '../store/date-time.js';
import { randomId } from '../store/ids.js';
import {
  badRequest,
  findChange,
  forbidden,
  notFound,
  renderOne,
  resultResponse,
  tableOf,
  type ChangeCall,
} from './change-request.js';
import { CI_ALREADY_SCHEDULED, cannotCheck, clearConflicts, conflictsOf, runConflictCheck } from './conflicts.js';

/** A finished conflict-check worker, kept in memory until reset. */
export interface ConflictWorker {
  readonly sysId: string;
  readonly changeSysId: string;
  readonly finishedOn: string;
}

/** Conflict-check workers by sys_id (per emulator). */
export type WorkerStore = Map<string, ConflictWorker>;

/**
 * POST, GET or DELETE /change/{id}/conflict. The emulator's check runs to completion inside the POST, so a
 * GET right after always sees the result; DELETE then discards that result (the change reads "Not Run" again).
 */
export function conflictRoute(call: ChangeCall, workers: WorkerStore, changeSysId: string): Response {
  const table = tableOf(call.ctx, 'change_request');
  const write = call.method !== 'GET';
  if (write ? !canWrite(call.caller, table) : !canRead(call.caller, table)) return forbidden(write ? 'Update' : 'Read');
  const change = findChange(call.ctx, changeSysId);
  if (!change) return notFound();
  if (call.method === 'POST') {
    const refusal = cannotCheck(change);
    if (refusal !== undefined) return badRequest('Failed to start the conflict check', refusal);
    runConflictCheck(call.ctx, change, call.caller);
    const worker = { sysId: randomId(), changeSysId, finishedOn: formatDateTime(call.ctx.clock()) };
    workers.set(worker.sysId, worker);
    return resultResponse(worker.sysId);
  }
  if (call.method === 'DELETE') {
    if ((change.conflict_status ?? 'Not Run') === 'Not Run' || change.conflict_status === '')
      return badRequest('Failed to cancel the conflict check', 'No conflict check has run on this change');
    call.ctx.db.transaction(() => {
      clearConflicts(call.ctx, changeSysId);
      call.ctx.store.update(table.physical, changeSysId, { conflict_status: 'Not Run', conflict_last_run: '' });
    })();
    return jsonResponse(200, null);
  }
  return resultResponse(conflictResult(call, change.sys_id ?? ''));
}

/** The GET /conflict result: status, last run, count, job status and the conflicts. */
function conflictResult(call: ChangeCall, changeSysId: string): Record<string, unknown> {
  const change = findChange(call.ctx, changeSysId);
  const status = change?.conflict_status || 'Not Run';
  const conflictTable = tableOf(call.ctx, 'conflict');
  const rows = conflictsOf(call.ctx, changeSysId);
  const conflicts = rows.map((row) => {
    const out = renderOne(call, conflictTable, row);
    out.type = { display_value: CI_ALREADY_SCHEDULED.label, value: row.type ?? '' };
    return out;
  });
  return {
    status,
    last_run: change?.conflict_last_run ?? '',
    record_count: String(rows.length),
    // job_status: 0 not run, 2 complete (the emulator's checks never stay running).
    job_status: status === 'Not Run' ? '0' : '2',
    conflicts,
  };
}

/** GET /change/worker/{id}. */
export function workerRoute(call: ChangeCall, workers: WorkerStore, workerSysId: string): Response {
  const worker = workers.get(workerSysId);
  if (!worker) return notFound(`Worker ${workerSysId}`);
  return resultResponse({
    worker: { sysId: worker.sysId, link: `${call.origin}/api/sn_chg_rest/change/worker/${worker.sysId}` },
    request: JSON.stringify({ change: worker.changeSysId, action: 'conflict' }),
    state: { value: 3, display_value: 'Complete' },
    type: 'Conflict Checker',
    messages: { errorMessages: [], warningMessages: [], infoMessages: [] },
  });
}
