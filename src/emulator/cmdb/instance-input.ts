import type { EmulatorContext } from '../context.js';
import { errorResponse } from '../http/envelope.js';
import { isJsonObject, type JsonObject } from '../http/json-body.js';
import { DISCOVERY_SOURCES, ciClass } from './ci-classes.js';
import { relationType } from './relations.js';

/** A relation to write: this CI is the parent (outbound) or the child (inbound) of `target`. */
export interface RelationInput {
  readonly direction: 'outbound' | 'inbound';
  readonly type: string;
  readonly target: string;
}

const bad = (detail: string): Response => errorResponse(400, 'Invalid input payload', detail);

/** `source` (required): a cmdb.discovery_source choice value (reference §3.1). */
export function sourceOf(body: JsonObject): string | Response {
  const source = body.source;
  if (typeof source !== 'string' || source.trim() === '') {
    return bad(`"source" is required: the discovery source, one of ${DISCOVERY_SOURCES.join(', ')}`);
  }
  if (!DISCOVERY_SOURCES.includes(source)) {
    return bad(`Invalid source [${source}]; use one of ${DISCOVERY_SOURCES.join(', ')}`);
  }
  return source;
}

/** `attributes`: an object of field values (required on create, optional elsewhere). */
export function attributesOf(body: JsonObject, required: boolean): JsonObject | Response {
  if (body.attributes === undefined && !required) return {};
  if (!isJsonObject(body.attributes)) return bad('"attributes" must be an object of CI field values');
  return body.attributes;
}

/**
 * `inbound_relations` / `outbound_relations`: arrays of `{type, target}` sys_ids. Every type and target
 * must exist, so a bad element refuses the whole request before anything is written.
 */
export function relationsOf(ctx: EmulatorContext, body: JsonObject): RelationInput[] | Response {
  const out: RelationInput[] = [];
  for (const [key, direction] of [
    ['outbound_relations', 'outbound'],
    ['inbound_relations', 'inbound'],
  ] as const) {
    const list = body[key];
    if (list === undefined) continue;
    if (!Array.isArray(list))
      return bad(`"${key}" must be an array of {"type":"<cmdb_rel_type sys_id>","target":"<CI sys_id>"}`);
    for (const [i, rel] of list.entries()) {
      const type = isJsonObject(rel) && typeof rel.type === 'string' ? rel.type : '';
      const target = isJsonObject(rel) && typeof rel.target === 'string' ? rel.target : '';
      if (!relationType(ctx, { sysId: type })) return bad(`${key}[${i}].type [${type}] is not a cmdb_rel_type sys_id`);
      const ci = ctx.store.byId('cmdb', target);
      if (!ci || !ciClass(ctx, ci.sys_class_name ?? ''))
        return bad(`${key}[${i}].target [${target}] is not a CI sys_id`);
      out.push({ direction, type, target });
    }
  }
  return out;
}
