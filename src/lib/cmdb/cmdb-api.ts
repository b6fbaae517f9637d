import { ConfigError } from '../errors/config-error.js';
import { assertSysId, assertTable } from '../table-params.js';
import { callOptions, type CallOptions } from '../call-options.js';
import type { Transport } from '../transport/transport.js';
import { parseCi, parseIreResult, resultOf } from './cmdb-parse.js';
import { reconcileStream, type ReconcileBatch, type ReconcileStreamOptions } from './reconcile-stream.js';
import type {
  Ci,
  CiCreateParams,
  CiListParams,
  CiRelationInput,
  CiRelationsParams,
  CiWriteParams,
  IreItem,
  IreOptions,
  IrePayload,
  IreRelation,
  IreResult,
} from './cmdb-types.js';

function source(value: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(
      'The CMDB Instance API needs a source',
      "Pass source: 'ServiceNow' (a discovery_source choice)",
    );
  }
  return value;
}

function attributes(value: unknown): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(
      'attributes must be an object of CI field values',
      "e.g. { name: 'lnx01', serial_number: 'SN1' }",
    );
  }
  return value as Record<string, unknown>;
}

/** Relation arrays as the API takes them; an empty array is left out (instances reject `[]`). */
function relations(key: string, list: readonly CiRelationInput[] | undefined): Record<string, unknown> {
  if (list === undefined || list.length === 0) return {};
  return { [key]: list.map((r) => ({ type: assertSysId(r.type), target: assertSysId(r.target) })) };
}

/**
 * The CMDB: the Instance API (`/api/now/cmdb/instance/{class}`, one CI per call) and Identification and
 * Reconciliation (`/api/now/identifyreconcile`), which finds an existing CI by its class's identification
 * rule before writing, so repeated loads update instead of duplicating.
 *
 * @example
 * const res = await sn.cmdb.identifyReconcile(
 *   { items: [{ className: 'cmdb_ci_linux_server', values: { name: 'lnx01', serial_number: 'SN1' } }] },
 *   { dataSource: 'ServiceNow' },
 * );
 * res.items[0]?.operation; // 'INSERT' the first time, 'NO_CHANGE' after
 */
export class CmdbApi {
  readonly #transport: Transport;
  readonly #instanceUrl: string;

  constructor(transport: Transport, instanceUrl: string) {
    this.#transport = transport;
    this.#instanceUrl = instanceUrl;
  }

  #instance(className: string, rest = ''): string {
    return `${this.#instanceUrl}/api/now/cmdb/instance/${assertTable(className)}${rest}`;
  }

  async #ci(method: string, url: string, options: CallOptions, body?: unknown): Promise<Ci> {
    const res = await this.#transport.send({
      method,
      url,
      ...(body === undefined ? {} : { body }),
      ...callOptions(options),
    });
    return parseCi(resultOf(res.body, 'CMDB Instance'));
  }

  /** CIs of a class (and its subclasses) as `{sysId, name}`. @throws {BadRequestError} for a class that is not a CMDB class. */
  async list(
    className: string,
    params: CiListParams = {},
    options: CallOptions = {},
  ): Promise<{ sysId: string; name: string }[]> {
    const q = new URLSearchParams();
    if (params.query !== undefined) q.set('sysparm_query', params.query);
    if (params.limit !== undefined) q.set('sysparm_limit', String(params.limit));
    if (params.offset !== undefined) q.set('sysparm_offset', String(params.offset));
    const res = await this.#transport.send({
      method: 'GET',
      url: this.#instance(className, q.size > 0 ? `?${q}` : ''),
      ...callOptions(options),
    });
    const result = resultOf(res.body, 'CMDB Instance');
    return (Array.isArray(result) ? result : []).map((r: { sys_id?: unknown; name?: unknown }) => ({
      sysId: typeof r.sys_id === 'string' ? r.sys_id : '',
      name: typeof r.name === 'string' ? r.name : '',
    }));
  }

  /** One CI with its attributes and relations. @throws {NotFoundError} when it does not exist in that class. */
  async get(className: string, sysId: string, options: CallOptions = {}): Promise<Ci> {
    return await this.#ci('GET', this.#instance(className, `/${encodeURIComponent(assertSysId(sysId))}`), options);
  }

  /** Creates a CI (an existing CI the class's identification rule finds is updated instead), with relations. */
  async create(className: string, params: CiCreateParams, options: CallOptions = {}): Promise<Ci> {
    const body = {
      attributes: attributes(params.attributes),
      source: source(params.source),
      ...relations('inbound_relations', params.inboundRelations),
      ...relations('outbound_relations', params.outboundRelations),
    };
    return await this.#ci('POST', this.#instance(className), options, body);
  }

  /** Updates the given attributes (others are kept; relations are untouched). */
  async update(className: string, sysId: string, params: CiWriteParams, options: CallOptions = {}): Promise<Ci> {
    const body = { attributes: attributes(params.attributes), source: source(params.source) };
    return await this.#ci(
      'PATCH',
      this.#instance(className, `/${encodeURIComponent(assertSysId(sysId))}`),
      options,
      body,
    );
  }

  /** Adds relations to a CI; existing ones are kept, not duplicated. */
  async addRelations(
    className: string,
    sysId: string,
    params: CiRelationsParams,
    options: CallOptions = {},
  ): Promise<Ci> {
    const body = {
      source: source(params.source),
      ...relations('inbound_relations', params.inboundRelations),
      ...relations('outbound_relations', params.outboundRelations),
    };
    if (!('inbound_relations' in body) && !('outbound_relations' in body)) {
      throw new ConfigError('addRelations() needs at least one relation', 'Pass inboundRelations or outboundRelations');
    }
    const path = `/${encodeURIComponent(assertSysId(sysId))}/relation`;
    return await this.#ci('POST', this.#instance(className, path), options, body);
  }

  /** Deletes one relation (a cmdb_rel_ci sys_id) of the CI. @throws {NotFoundError} when the CI has no such relation. */
  async deleteRelation(
    className: string,
    sysId: string,
    relationSysId: string,
    options: CallOptions = {},
  ): Promise<void> {
    const path = `/${encodeURIComponent(assertSysId(sysId))}/relation/${encodeURIComponent(assertSysId(relationSysId))}`;
    await this.#transport.send({ method: 'DELETE', url: this.#instance(className, path), ...callOptions(options) });
  }

  /**
   * Identifies each item by its class's rule and inserts, updates or leaves it (one request). Item failures
   * are not thrown: each result has `errors`. POSTs are not replayed after an ambiguous failure.
   */
  async identifyReconcile(payload: IrePayload, options: IreOptions & CallOptions = {}): Promise<IreResult> {
    if (!Array.isArray(payload.items) || payload.items.length === 0) {
      throw new ConfigError('identifyReconcile() needs at least one item', 'Pass { items: [{ className, values }] }');
    }
    const q = options.dataSource === undefined ? '' : `?sysparm_data_source=${encodeURIComponent(options.dataSource)}`;
    const res = await this.#transport.send({
      method: 'POST',
      url: `${this.#instanceUrl}/api/now/identifyreconcile${options.dryRun === true ? '/query' : ''}${q}`,
      body: {
        items: payload.items,
        ...(payload.relations && payload.relations.length > 0 ? { relations: payload.relations } : {}),
      },
      ...callOptions(options),
    });
    return parseIreResult(res.body);
  }

  /**
   * Reconciles a stream of items (and relations by internal_id) in batches, one request at a time, yielding
   * each batch's results. Relations are sent after all items, with the items they name.
   */
  reconcileAll(
    entries: AsyncIterable<IreItem | IreRelation> | Iterable<IreItem | IreRelation>,
    options: ReconcileStreamOptions = {},
  ): AsyncGenerator<ReconcileBatch> {
    return reconcileStream((payload, opts) => this.identifyReconcile(payload, opts), entries, options);
  }
}
