import { canRead, canWrite } from '../auth/acl.js';
import { createRecord, deleteRecord, findRecord, updateRecord } from '../table/record-ops.js';
import type { Row } from '../store/store.js';
import { changeInput } from './change-input.js';
import {
  badRequest,
  findChange,
  forbidden,
  listResponse,
  notFound,
  renderOne,
  resultResponse,
  tableOf,
  type ChangeCall,
  type ChangeType,
} from './change-request.js';
import { clearConflicts } from './conflicts.js';
import { templateValues } from './seed-change.js';

/** Fields a standard change takes from its template only (reference more-apis §1.2). */
const TEMPLATE_ONLY = new Set(['description', 'backout_plan', 'test_plan', 'implementation_plan']);
/** A new change always starts in New (-5); a state in the create request is ignored and named. */
const CREATE_IGNORED = new Set(['state']);
/** Roles that may delete a change (reference more-apis §1: change_manager or admin). */
const DELETE_ROLES = ['change_manager', 'admin'];

const changes = (call: ChangeCall) => tableOf(call.ctx, 'change_request');

/** GET /change[/{type}]: the list, optionally of one type. */
export function listChanges(call: ChangeCall, type?: ChangeType): Response {
  const table = changes(call);
  if (!canRead(call.caller, table)) return forbidden('Read');
  return listResponse(call, table, type === undefined ? [] : [['type', type]]);
}

/** GET /change[/{type}]/{sys_id}. */
export function getChange(call: ChangeCall, sysId: string, type?: ChangeType): Response {
  const table = changes(call);
  if (!canRead(call.caller, table)) return forbidden('Read');
  const row = findChange(call.ctx, sysId, type);
  return row ? resultResponse(renderOne(call, table, row)) : notFound();
}

/** POST /change/normal, /change/emergency, or POST /change with `type`. */
export function createChange(call: ChangeCall, type: 'normal' | 'emergency'): Response {
  const table = changes(call);
  if (!canWrite(call.caller, table)) return forbidden('Insert');
  const input = changeInput(call.ctx, table, call.url.searchParams, call.body, CREATE_IGNORED);
  const row = createRecord(
    call.ctx,
    table,
    { ...input.applied, changes: { ...input.applied.changes, type, state: '-5' } },
    call.caller,
  );
  return resultResponse(renderOne(call, table, row, input.ignoredFields));
}

/** POST /change with the type in the body or query (`type` or `chg_model` by name). */
export function createChangeOfAnyType(call: ChangeCall): Response {
  const given = call.body.type ?? call.body.chg_model ?? call.url.searchParams.get('type') ?? 'normal';
  const named = (typeof given === 'string' ? given : '').trim().toLowerCase();
  if (named === 'standard')
    return badRequest(
      'Standard changes are created from a template',
      'POST /api/sn_chg_rest/change/standard/{template sys_id}; list templates with GET /change/standard/template',
    );
  if (named !== 'normal' && named !== 'emergency')
    return badRequest(`Invalid change type ${named}`, 'Use normal, emergency, or standard with a template');
  const { type: _type, chg_model: _model, ...rest } = call.body;
  return createChange({ ...call, body: rest }, named);
}

/** POST /change/standard/{template}: a standard change with the template's values, pre-approved. */
export function createStandardChange(call: ChangeCall, templateSysId: string): Response {
  const table = changes(call);
  if (!canWrite(call.caller, table)) return forbidden('Insert');
  const producers = tableOf(call.ctx, 'std_change_record_producer');
  const template = findRecord(call.ctx, producers, templateSysId);
  if (!template || template.active === 'false') return notFound(`Standard change template ${templateSysId}`);
  const input = changeInput(call.ctx, table, call.url.searchParams, call.body, new Set([...TEMPLATE_ONLY, 'state']));
  const fromTemplate = changeInput(call.ctx, table, new URLSearchParams(), templateValues(template.template ?? ''));
  const row = createRecord(
    call.ctx,
    table,
    {
      ...input.applied,
      changes: {
        ...fromTemplate.applied.changes,
        ...input.applied.changes,
        type: 'standard',
        state: '-5',
        approval: 'approved',
        std_change_producer_version: templateSysId,
      },
    },
    call.caller,
  );
  return resultResponse(renderOne(call, table, row, input.ignoredFields));
}

/** PATCH /change[/{type}]/{sys_id}. */
export function updateChange(call: ChangeCall, sysId: string, type?: ChangeType): Response {
  const table = changes(call);
  if (!canWrite(call.caller, table)) return forbidden('Update');
  const existing = findChange(call.ctx, sysId, type);
  if (!existing) return notFound();
  const extra = existing.type === 'standard' ? TEMPLATE_ONLY : new Set<string>();
  const input = changeInput(call.ctx, table, call.url.searchParams, call.body, extra);
  const row = updateRecord(call.ctx, table, existing, input.applied, call.caller);
  return resultResponse(renderOne(call, table, row, input.ignoredFields));
}

/** DELETE /change[/{type}]/{sys_id}: the change, its tasks and conflicts; answers the deleted record. */
export function deleteChange(call: ChangeCall, sysId: string, type?: ChangeType): Response {
  const table = changes(call);
  if (!DELETE_ROLES.some((r) => call.caller.roles.has(r))) return forbidden('Delete');
  const existing = findChange(call.ctx, sysId, type);
  if (!existing) return notFound();
  const rendered = renderOne(call, table, existing);
  const tasks = tableOf(call.ctx, 'change_task');
  call.ctx.db.transaction(() => {
    for (const task of tasksOf(call, sysId)) deleteRecord(call.ctx, tasks, task, call.caller);
    clearConflicts(call.ctx, sysId);
    deleteRecord(call.ctx, table, existing, call.caller);
  })();
  return resultResponse(rendered);
}

/** GET /change/standard/template[/{sys_id}]. */
export function templates(call: ChangeCall, sysId?: string): Response {
  const table = tableOf(call.ctx, 'std_change_record_producer');
  if (!canRead(call.caller, table)) return forbidden('Read');
  if (sysId === undefined) return listResponse(call, table, [['active', 'true']]);
  const row = findRecord(call.ctx, table, sysId);
  return row ? resultResponse(renderOne(call, table, row)) : notFound(`Standard change template ${sysId}`);
}

/** The change_task rows of one change. */
export function tasksOf(call: ChangeCall, changeSysId: string): Row[] {
  return call.ctx.store
    .prepare(`SELECT * FROM "task" WHERE "sys_class_name" = 'change_task' AND "change_request" = ? ORDER BY rowid`)
    .all(changeSysId) as Row[];
}
