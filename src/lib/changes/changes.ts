import { ConfigError } from '../errors/config-error.js';
import { ResponseError } from '../errors/response-error.js';
import { assertSysId } from '../table-params.js';
import type { CallOptions } from '../table.js';
import type { Transport } from '../transport/transport.js';
import { scalarText, toChangeRecord, type ChangeFieldValue, type ChangeRecord } from './change-record.js';
import type {
  ChangeConflict,
  ChangeCreateType,
  ChangeFields,
  ChangeListParams,
  ConflictCheckResult,
} from './change-types.js';

const BASE = '/api/sn_chg_rest/change';
const CREATE_TYPES: readonly string[] = ['normal', 'emergency'];
const LIST_TYPES: readonly string[] = ['normal', 'emergency', 'standard'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The Change Management API (`/api/sn_chg_rest/change`): normal, emergency and standard changes, templates,
 * change tasks and the conflict check. Records come back as {@link ChangeRecord}s (every field
 * `{ display_value, value }`, as the API sends them).
 * @example
 * const [template] = await sn.changes.templates({ query: 'nameLIKEreboot' });
 * const change = await sn.changes.createStandard(template.sysId, { cmdb_ci: 'lnux101', start_date: '2027-01-05 22:00:00' });
 * await sn.changes.startConflictCheck(change.sysId);
 * const { status, conflicts } = await sn.changes.conflicts(change.sysId);
 */
export class ChangeApi {
  readonly #transport: Transport;
  readonly #instanceUrl: string;

  constructor(transport: Transport, instanceUrl: string) {
    this.#transport = transport;
    this.#instanceUrl = instanceUrl;
  }

  /** Creates a normal or emergency change; it starts in state New (-5). @throws {ConfigError} for another type. */
  async create(type: ChangeCreateType, fields: ChangeFields = {}, options: CallOptions = {}): Promise<ChangeRecord> {
    if (!CREATE_TYPES.includes(type)) {
      throw new ConfigError(
        `Cannot create a change of type ${JSON.stringify(type)}`,
        'Use normal or emergency; create standard changes with createStandard(templateSysId)',
      );
    }
    return toChangeRecord(await this.#result('POST', `/${type}`, options, assertFields(fields)));
  }

  /** Creates a standard change from a template (`std_change_record_producer` sys_id), pre-approved. */
  async createStandard(
    templateSysId: string,
    fields: ChangeFields = {},
    options: CallOptions = {},
  ): Promise<ChangeRecord> {
    const path = `/standard/${assertSysId(templateSysId)}`;
    return toChangeRecord(await this.#result('POST', path, options, assertFields(fields)));
  }

  /** One change. @throws {NotFoundError} when it does not exist. */
  async get(sysId: string, options: CallOptions = {}): Promise<ChangeRecord> {
    return toChangeRecord(await this.#result('GET', `/${assertSysId(sysId)}`, options));
  }

  /** One page of changes (all types, or one). */
  async list(params: ChangeListParams = {}): Promise<ChangeRecord[]> {
    if (params.type !== undefined && !LIST_TYPES.includes(params.type)) {
      throw new ConfigError(`Unknown change type ${JSON.stringify(params.type)}`, 'Use normal, emergency or standard');
    }
    return this.#list(params.type === undefined ? '' : `/${params.type}`, params);
  }

  /** Updates fields of a change; `ignoredFields` names what the instance did not set. */
  async update(sysId: string, fields: ChangeFields, options: CallOptions = {}): Promise<ChangeRecord> {
    return toChangeRecord(await this.#result('PATCH', `/${assertSysId(sysId)}`, options, assertFields(fields)));
  }

  /** Deletes a change (and, on the instance, its tasks). Needs change_manager or admin. */
  async delete(sysId: string, options: CallOptions = {}): Promise<void> {
    await this.#send('DELETE', `/${assertSysId(sysId)}`, options);
  }

  /** Active standard change templates. */
  async templates(params: Omit<ChangeListParams, 'type'> = {}): Promise<ChangeRecord[]> {
    return this.#list('/standard/template', params);
  }

  /** The change tasks of a change. */
  async tasks(changeSysId: string, params: Omit<ChangeListParams, 'type'> = {}): Promise<ChangeRecord[]> {
    return this.#list(`/${assertSysId(changeSysId)}/task`, params);
  }

  /** Adds a change task to a change. */
  async createTask(changeSysId: string, fields: ChangeFields = {}, options: CallOptions = {}): Promise<ChangeRecord> {
    const path = `/${assertSysId(changeSysId)}/task`;
    return toChangeRecord(await this.#result('POST', path, options, assertFields(fields)));
  }

  /** Updates a change task; it must belong to the change. */
  async updateTask(changeSysId: string, taskSysId: string, fields: ChangeFields, options: CallOptions = {}) {
    const path = `/${assertSysId(changeSysId)}/task/${assertSysId(taskSysId)}`;
    return toChangeRecord(await this.#result('PATCH', path, options, assertFields(fields)));
  }

  /** Deletes a change task; it must belong to the change. */
  async deleteTask(changeSysId: string, taskSysId: string, options: CallOptions = {}): Promise<void> {
    await this.#send('DELETE', `/${assertSysId(changeSysId)}/task/${assertSysId(taskSysId)}`, options);
  }

  /**
   * Starts the conflict check (`POST /change/{id}/conflict`) and returns the worker's sys_id. The instance
   * checks the change's CI and planned dates against other changes, blackout and maintenance schedules.
   * @throws {BadRequestError} when the check cannot start (e.g. no planned dates).
   */
  async startConflictCheck(sysId: string, options: CallOptions = {}): Promise<string> {
    const result = await this.#result('POST', `/${assertSysId(sysId)}/conflict`, options);
    return typeof result === 'string' ? result : '';
  }

  /** The last (or running) conflict check's result. */
  async conflicts(sysId: string, options: CallOptions = {}): Promise<ConflictCheckResult> {
    const result = await this.#result('GET', `/${assertSysId(sysId)}/conflict`, options);
    if (!isObject(result)) throw new ResponseError('The conflict check answered no result object');
    const list = Array.isArray(result.conflicts) ? result.conflicts : [];
    return {
      status: typeof result.status === 'string' ? result.status : '',
      lastRun: typeof result.last_run === 'string' ? result.last_run : '',
      recordCount: Number(scalarText(result.record_count) || list.length) || 0,
      jobStatus: scalarText(result.job_status),
      conflicts: list.map(toConflict),
    };
  }

  /** Cancels the conflict check (`DELETE /change/{id}/conflict`). */
  async cancelConflictCheck(sysId: string, options: CallOptions = {}): Promise<void> {
    await this.#send('DELETE', `/${assertSysId(sysId)}/conflict`, options);
  }

  async #list(path: string, params: ChangeListParams): Promise<ChangeRecord[]> {
    const query = new URLSearchParams();
    if (params.query !== undefined && params.query !== '') query.set('sysparm_query', params.query);
    if (params.order !== undefined) query.set('order', params.order);
    for (const [name, value] of [
      ['sysparm_limit', params.limit],
      ['sysparm_offset', params.offset],
    ] as const) {
      if (value === undefined) continue;
      if (!Number.isInteger(value) || value < 0)
        throw new ConfigError(`Invalid ${name} ${value}`, 'Use a whole number');
      query.set(name, String(value));
    }
    const result = await this.#result('GET', path, params, undefined, query);
    if (!Array.isArray(result)) throw new ResponseError('The Change API answered a list that is not an array');
    return result.map(toChangeRecord);
  }

  async #result(method: string, path: string, options: CallOptions, body?: unknown, query?: URLSearchParams) {
    const res = await this.#send(method, path, options, body, query);
    if (!isObject(res.body) || !('result' in res.body)) {
      throw new ResponseError(`The Change API answered ${method} ${BASE}${path} without a result`);
    }
    return res.body.result;
  }

  async #send(method: string, path: string, options: CallOptions, body?: unknown, query?: URLSearchParams) {
    const search = query && query.size > 0 ? `?${query.toString()}` : '';
    return await this.#transport.send({
      method,
      url: `${this.#instanceUrl}${BASE}${path}${search}`,
      ...(body === undefined ? {} : { body }),
      signal: options.signal,
      maxRetries: options.maxRetries,
      timeoutMs: options.timeoutMs,
    });
  }
}

function assertFields(fields: ChangeFields): ChangeFields {
  if (!isObject(fields)) throw new ConfigError('Change fields must be an object', 'e.g. { short_description: "…" }');
  for (const [name, value] of Object.entries(fields)) {
    if (!/^[a-z0-9_]+$/.test(name)) {
      throw new ConfigError(
        `Invalid field name ${JSON.stringify(name)}`,
        'Field names are lowercase, e.g. short_description',
      );
    }
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new ConfigError(`Field ${name} has a ${typeof value} value`, 'Give strings, numbers or booleans');
    }
  }
  return fields;
}

function toConflict(raw: unknown): ChangeConflict {
  const record = toChangeRecord(raw);
  const type = record.fields.type ?? { display_value: '', value: '' };
  return {
    type,
    conflictingChange: record.fields.conflicting_change,
    configurationItem: record.fields.configuration_item,
    fields: record.fields,
  } satisfies ChangeConflict & { type: ChangeFieldValue };
}
