// Test harness around the real emulator for every area's tests: starts it on port 0 and talks to its
// control plane over HTTP, as any client would.
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  type FaultSpec,
  type RequestLogEntry,
} from '../../src/emulator/index.js';

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
  /** Basic Authorization header value for a demo user (admin/admin by default). */
  basic(user?: string, password?: string): string;
}

const quiet = { warn: () => undefined, error: () => undefined };

/** Starts an in-memory emulator on 127.0.0.1:0 (quiet logger unless one is given). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await createEmulator({ port: 0, logger: quiet, ...options });
  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${emulator.url}/__emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return Object.assign(emulator, {
    baseUrl: (version: 'v1' | 'v2' | '' = '') => `${emulator.url}/api/now/${version === '' ? '' : `${version}/`}table`,
    faults: async (spec: FaultSpec) => void (await control('POST', 'faults', spec)),
    clearFaults: async () => void (await control('DELETE', 'faults')),
    requests: async () => (await control('GET', 'requests')) as RequestLogEntry[],
    clearRequests: async () => void (await control('DELETE', 'requests')),
    basic: (user = 'admin', password = user === 'admin' ? 'admin' : user === 'itil.user' ? 'itil' : 'readonly') =>
      `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  });
}
