import { ResponseError } from '../errors/response-error.js';
import type { Ci, CiRelation, IreError, IreItemResult, IreRelationResult, IreResult } from './cmdb-types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** A field of the attributes: a plain string, or the `value` of a reference object. */
const fieldValue = (v: unknown): string => (isObj(v) ? text(v.value) : text(v));

export function resultOf(body: unknown, what: string): unknown {
  if (!isObj(body) || !('result' in body)) throw new ResponseError(`The ${what} response has no "result"`);
  return body.result;
}

function parseRelation(v: unknown): CiRelation {
  const o = obj(v);
  return {
    sysId: text(o.sys_id),
    type: { sysId: fieldValue(o.type), name: text(obj(o.type).display_value) },
    target: { sysId: fieldValue(o.target), name: text(obj(o.target).display_value) },
  };
}

export function parseCi(v: unknown): Ci {
  const o = obj(v);
  if (!isObj(o.attributes)) throw new ResponseError('The CMDB Instance response has no "attributes"');
  return {
    sysId: fieldValue(o.attributes.sys_id),
    className: fieldValue(o.attributes.sys_class_name),
    attributes: o.attributes,
    outboundRelations: list(o.outbound_relations).map(parseRelation),
    inboundRelations: list(o.inbound_relations).map(parseRelation),
  };
}

const errorsOf = (v: unknown): IreError[] =>
  list(v).map((e) => ({ error: text(obj(e).error), message: text(obj(e).message) }));
const idOf = (v: unknown): string | undefined => {
  const id = text(v);
  return id === '' || id === 'Unknown' ? undefined : id;
};

function parseItemResult(v: unknown): IreItemResult {
  const o = obj(v);
  return {
    className: text(o.className),
    operation: text(o.operation) as IreItemResult['operation'],
    sysId: idOf(o.sysId),
    errors: errorsOf(o.errors),
    identificationAttempts: list(o.identificationAttempts).map((a) => ({
      identifierName: text(obj(a).identifierName),
      attemptResult: text(obj(a).attemptResult),
      attributes: list(obj(a).attributes).map(text),
    })),
  };
}

const parseRelationResult = (v: unknown): IreRelationResult => ({
  operation: text(obj(v).operation) as IreRelationResult['operation'],
  sysId: idOf(obj(v).sysId),
  errors: errorsOf(obj(v).errors),
});

/** The IRE `result` object (the docs call it an array; instances answer an object with `items`). */
export function parseIreResult(body: unknown): IreResult {
  const result = resultOf(body, 'identifyreconcile');
  if (!isObj(result) || !Array.isArray(result.items)) {
    throw new ResponseError('The identifyreconcile response has no "result.items" array');
  }
  return { items: result.items.map(parseItemResult), relations: list(result.relations).map(parseRelationResult) };
}
