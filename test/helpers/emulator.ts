// The one test harness around the real emulator, for every area's tests: starts it on 127.0.0.1:0 with a quiet
// logger and talks to its control plane over HTTP, as any client would. The CLI sandbox
// (test/cli/cli-harness.ts), the library client (test/lib/lib-emulator.ts) and the browser console
// (test/console/browser-helpers.ts) build on it.
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  type FaultSpec,
  type RequestLogEntry,
} from '../../src/emulator/index.js';
import { after, before, beforeEach } from 'node:test';

/** A started emulator plus control-plane helpers. */
export interface TestEmulator extends Emulator {
  /** `${url}/api/now/table` (unversioned) or `${url}/api/now/v1/table` / `v2`. */
  baseUrl(version?: 'v1' | 'v2' | ''): string;
  /** Adds a fault rule (POST /__emulator/faults). */
  faults(spec: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  /** The request log (GET /__emulator/requests). */
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  /** POSTs to `/__emulator/<path>` (oauth/apps, oauth/expire, properties, generate…); throws unless 200. */
  control(path: string, body: unknown): Promise<unknown>;
  /** Basic Authorization header value for a demo user (admin/admin by default). */
  basic(user?: string, password?: string): string;
}

const quiet = { warn: () => undefined, error: () => undefined };

/**
 * Calls the control plane (`/__emulator/<path>`) of the emulator at `url`; the JSON answer, if any. Throws on an
 * error status, or on any other status than `expectStatus` when one is given.
 */
export async function emulatorControl(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  expectStatus?: number,
): Promise<unknown> {
  const res = await fetch(`${url}/__emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (expectStatus === undefined ? !res.ok : res.status !== expectStatus) {
    throw new Error(`control ${method} ${path}: ${res.status} ${text}`);
  }
  return text ? JSON.parse(text) : undefined;
}

/** Basic Authorization header value for a demo user (admin/admin, itil.user/itil, otherwise .../readonly). */
export function basicHeader(
  user = 'admin',
  password = user === 'admin' ? 'admin' : user === 'itil.user' ? 'itil' : 'readonly',
): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Starts an in-memory emulator on 127.0.0.1:0 (quiet logger unless one is given). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await createEmulator({ port: 0, logger: quiet, ...options });
  const control = (method: string, path: string, body?: unknown) => emulatorControl(emulator.url, method, path, body);
  return Object.assign(emulator, {
    baseUrl: (version: 'v1' | 'v2' | '' = '') => `${emulator.url}/api/now/${version === '' ? '' : `${version}/`}table`,
    faults: async (spec: FaultSpec) => void (await control('POST', 'faults', spec)),
    clearFaults: async () => void (await control('DELETE', 'faults')),
    requests: async () => (await control('GET', 'requests')) as RequestLogEntry[],
    clearRequests: async () => void (await control('DELETE', 'requests')),
    control: (path: string, body: unknown) => emulatorControl(emulator.url, 'POST', path, body, 200),
    basic: basicHeader,
  });
}

/** Stores a JWT verifier key (a jwt_verifier_map row, created by admin over the Table API); throws unless 201. */
export async function registerJwtKey(
  url: string,
  key: { client_id: string; kid: string; public_key: string; name?: string },
): Promise<void> {
  const res = await fetch(`${url}/api/now/table/jwt_verifier_map`, {
    method: 'POST',
    headers: { authorization: basicHeader(), 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(key),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`jwt_verifier_map create: ${res.status} ${text}`);
}

/** What POST /oauth_token.do answered: the status, the body and its JSON (undefined when it is not JSON). */
export interface TokenResponse<T> {
  status: number;
  text: string;
  json: T;
}

/** POSTs a form to the token endpoint (`/oauth_token.do`) of the emulator at `url`. */
export async function requestToken<T = Record<string, unknown>>(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<TokenResponse<T>> {
  const res = await fetch(`${url}/oauth_token.do`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json: json as T };
}

/**
 * {@link startEmulator} for a whole test file: a `before` hook starts it, an `after` hook closes it, and with
 * `resetEach` every test starts from freshly seeded data. The returned object is filled in when `before` has run.
 * Node 20 does not order two top-level `before` hooks: a file with its own set-up does it in a describe.
 */
export function useEmulator(options: EmulatorOptions = {}, hooks: { resetEach?: boolean } = {}): TestEmulator {
  const emu = {} as TestEmulator;
  before(async () => {
    Object.assign(emu, await startEmulator(options));
  });
  if (hooks.resetEach === true) beforeEach(() => emu.reset());
  after(() => emu.close?.());
  return emu;
}
