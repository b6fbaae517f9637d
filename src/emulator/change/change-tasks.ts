import { canRead, canWrite } from '../auth/acl.js';
import { createRecord, deleteRecord, findRecord, updateRecord } from '../table/record-ops.js';
import type { Row } from '../store/store.js';
import { changeInput } from './change-input.js';
import {
  findChange,
  forbidden,
  listResponse,
  notFound,
  renderOne,
  resultResponse,
  tableOf,
  type ChangeCall,
} from './change-request.js';

const tasks = (call: ChangeCall) => tableOf(call.ctx, 'change_task');

/** GET /change/{id}/task: the change's tasks (404 for an unknown change). */
export function listTasks(call: ChangeCall, changeSysId: string): Response {
  const table = tasks(call);
  if (!canRead(call.caller, table)) return forbidden('Read');
  if (!findChange(call.ctx, changeSysId)) return notFound();
  return listResponse(call, table, [['change_request', changeSysId]]);
}

/** POST /change/{id}/task: a task linked through both change_request and parent (reference more-apis §1.4). */
export function createTask(call: ChangeCall, changeSysId: string): Response {
  const table = tasks(call);
  if (!canWrite(call.caller, table)) return forbidden('Insert');
  const change = findChange(call.ctx, changeSysId);
  if (!change) return notFound();
  const input = changeInput(call.ctx, table, call.url.searchParams, call.body, new Set(['change_request', 'parent']));
  const row = createRecord(
    call.ctx,
    table,
    {
      ...input.applied,
      changes: {
        cmdb_ci: change.cmdb_ci ?? '',
        ...input.applied.changes,
        change_request: changeSysId,
        parent: changeSysId,
      },
    },
    call.caller,
  );
  return resultResponse(renderOne(call, table, row, input.ignoredFields));
}

/** The task, if it exists and belongs to the change. */
function taskOf(call: ChangeCall, changeSysId: string, taskSysId: string): Row | undefined {
  const row = findRecord(call.ctx, tasks(call), taskSysId);
  return row && row.change_request === changeSysId ? row : undefined;
}

const taskNotFound = (changeSysId: string, taskSysId: string): Response =>
  notFound(`Change task ${taskSysId} of change ${changeSysId}`);

/** GET, PATCH or DELETE /change/{id}/task/{task_id}. */
export function oneTask(call: ChangeCall, changeSysId: string, taskSysId: string): Response {
  const table = tasks(call);
  const write = call.method !== 'GET';
  if (write ? !canWrite(call.caller, table) : !canRead(call.caller, table))
    return forbidden(call.method === 'DELETE' ? 'Delete' : write ? 'Update' : 'Read');
  const existing = taskOf(call, changeSysId, taskSysId);
  if (!existing) return taskNotFound(changeSysId, taskSysId);
  if (call.method === 'GET') return resultResponse(renderOne(call, table, existing));
  if (call.method === 'DELETE') {
    const rendered = renderOne(call, table, existing);
    deleteRecord(call.ctx, table, existing, call.caller);
    return resultResponse(rendered);
  }
  const input = changeInput(call.ctx, table, call.url.searchParams, call.body, new Set(['change_request', 'parent']));
  const row = updateRecord(call.ctx, table, existing, input.applied, call.caller);
  return resultResponse(renderOne(call, table, row, input.ignoredFields));
}
