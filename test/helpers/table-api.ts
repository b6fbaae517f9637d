// Table API calls to the test emulator (test/helpers/emulator.ts) as a demo user, over plain HTTP: the request,
// a write that must succeed, and the rows of a query. Tests that check the wire itself keep their own fetches.
import assert from 'node:assert/strict';
import type { TestEmulator } from './emulator.js';

/** A record as the Table API returns it. */
export type Rec = Record<string, any>;

/** `path` with sysparm_exclude_reference_link=true: references come back as plain sys_ids. */
export const plainLinks = (path: string): string =>
  `${path}${path.includes('?') ? '&' : '?'}sysparm_exclude_reference_link=true`;

/** `METHOD /api/now/table/<path>` as `user` (admin by default), JSON in and out. */
export function tableRequest(
  emu: TestEmulator,
  method: string,
  path: string,
  options: { body?: unknown; user?: string } = {},
): Promise<Response> {
  return fetch(`${emu.baseUrl()}/${path}`, {
    method,
    headers: {
      authorization: emu.basic(options.user),
      accept: 'application/json',
      'content-type': 'application/json',
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
}

/** A write that must succeed (201 for POST, 200 for PATCH and PUT); the `result` record. */
export async function tableWrite<T = Rec>(
  emu: TestEmulator,
  method: string,
  path: string,
  body: unknown,
  user = 'admin',
): Promise<T> {
  const res = await tableRequest(emu, method, path, { body, user });
  const text = await res.text();
  assert.equal(res.status, method === 'POST' ? 201 : 200, `${method} ${path}: ${res.status} ${text}`);
  return (JSON.parse(text) as { result: T }).result;
}

/** The `result` rows of `GET <table>?sysparm_query=<query>`, which must answer 200. */
export async function tableRows<T = Rec>(
  emu: TestEmulator,
  table: string,
  query: string,
  options: { user?: string; plainLinks?: boolean } = {},
): Promise<T[]> {
  const path = `${table}?sysparm_query=${encodeURIComponent(query)}`;
  const res = await tableRequest(emu, 'GET', options.plainLinks ? plainLinks(path) : path, options);
  const text = await res.text();
  assert.equal(res.status, 200, `GET ${path}: ${res.status} ${text}`);
  return (JSON.parse(text) as { result: T[] }).result;
}

/** What an API answered: the status and the JSON body (undefined when the body is empty). */
export interface ApiAnswer {
  status: number;
  json: any;
}

/** `METHOD <path>` on any emulator API as `user` (admin by default); a string body is sent as it is. */
export async function apiCall(
  emu: TestEmulator,
  method: string,
  path: string,
  options: { body?: unknown; user?: string } = {},
): Promise<ApiAnswer> {
  const { body } = options;
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: {
      authorization: emu.basic(options.user),
      'content-type': 'application/json',
      accept: 'application/json',
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text) };
}
