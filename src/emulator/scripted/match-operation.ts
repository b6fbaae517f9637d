import type { EmulatorContext } from '../context.js';
import type { Row } from '../store/store.js';

/** The operation a request path and method select, with its path parameters. */
export type OperationMatch =
  | { readonly kind: 'found'; readonly operation: Row; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'wrong-method'; readonly allowed: readonly string[] }
  | { readonly kind: 'none' };

const split = (path: string): string[] => path.split('/').filter((s) => s !== '');

/** Path parameters when `template` (`/orders/{id}`) matches `segments`, else undefined. */
function matchTemplate(template: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = split(template);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const segment = segments[i] ?? '';
    const name = /^\{([A-Za-z0-9_]+)\}$/.exec(part)?.[1];
    if (name !== undefined) params[name] = segment;
    else if (part.toLowerCase() !== segment.toLowerCase()) return undefined;
  }
  return params;
}

/**
 * Finds the active operation for `/api/{namespace}/{service_id}[/v{n}]/{relative path}`: the definition by
 * namespace and API id, then its operations by relative path (literal segments before `{param}`s) and method.
 */
export function matchOperation(ctx: EmulatorContext, pathname: string, method: string): OperationMatch {
  const [api, namespace, serviceId, ...rest] = split(pathname).map(decode);
  // 'now' is the platform's own namespace (Table API and friends): never a scripted API here, and no lookup.
  if (api !== 'api' || namespace === undefined || namespace === 'now' || serviceId === undefined)
    return { kind: 'none' };
  const definition = ctx.store
    .prepare(
      `SELECT "sys_id" FROM "sys_ws_definition" WHERE "namespace" = ? AND "service_id" = ? AND "active" <> 'false'`,
    )
    .get(namespace, serviceId) as { sys_id: string } | undefined;
  if (!definition) return { kind: 'none' };
  const segments = /^v\d+$/.test(rest[0] ?? '') ? rest.slice(1) : rest;
  const operations = ctx.store
    .prepare(
      `SELECT * FROM "sys_ws_operation" WHERE "web_service_definition" = ? AND "active" <> 'false' ORDER BY rowid`,
    )
    .all(definition.sys_id) as Row[];
  const matching = operations
    .map((operation) => ({ operation, params: matchTemplate(operation.relative_path ?? '/', segments) }))
    .filter((m): m is { operation: Row; params: Record<string, string> } => m.params !== undefined)
    // Literal segments win over parameters: /orders/latest before /orders/{id}.
    .sort((a, b) => Object.keys(a.params).length - Object.keys(b.params).length);
  if (matching.length === 0) return { kind: 'none' };
  const exact = matching.find((m) => (m.operation.http_method ?? 'GET').toUpperCase() === method);
  if (exact) return { kind: 'found', operation: exact.operation, params: exact.params };
  return {
    kind: 'wrong-method',
    allowed: [...new Set(matching.map((m) => (m.operation.http_method ?? 'GET').toUpperCase()))],
  };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
