// A thin harness around the real emulator for the library's integration tests: same shape as
// test/helpers/emulator.ts (startEmulator, faults, clearFaults, requests, baseUrl), talking to the control plane
// over HTTP like any client would.
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  type FaultSpec,
  type RequestLogEntry,
} from '../../src/emulator/index.js';
import { createClient, type ClientOptions, type ServiceNowClient } from '../../src/lib/index.js';

export interface LibEmulator {
  readonly url: string;
  baseUrl(version?: 'v1' | 'v2' | ''): string;
  faults(spec: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
  readonly emulator: Emulator;
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

export async function startLibEmulator(options: EmulatorOptions = {}): Promise<LibEmulator> {
  const emulator = await createEmulator({ port: 0, logger: quiet, ...options });
  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${emulator.url}/__emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  };
  return {
    url: emulator.url,
    emulator,
    baseUrl: (version = 'v2') => `${emulator.url}/api/now${version ? `/${version}` : ''}`,
    faults: async (spec) => void (await control('POST', 'faults', spec)),
    clearFaults: async () => void (await control('DELETE', 'faults')),
    requests: async () => (await control('GET', 'requests')) as RequestLogEntry[],
    clearRequests: async () => void (await control('DELETE', 'requests')),
    reset: () => emulator.reset(),
    close: () => emulator.close(),
  };
}

/** A client of the emulator signed in with basic auth; `admin` unless another user is named. */
export function basicClient(
  emu: LibEmulator,
  username = 'admin',
  password = 'admin',
  options: ClientOptions = {},
  name = 'emu',
): ServiceNowClient {
  return createClient({ name, baseUrl: emu.baseUrl(), auth: { type: 'basic', username, password } }, options);
}

export interface LibClient {
  emu: LibEmulator;
  sn: ServiceNowClient;
}

/** A fresh emulator and an admin client on it: `before(async () => ({ emu, sn } = await startLibClient()))`. */
export async function startLibClient(
  options: { emulator?: EmulatorOptions; client?: ClientOptions; name?: string } = {},
): Promise<LibClient> {
  const emu = await startLibEmulator(options.emulator);
  return { emu, sn: basicClient(emu, 'admin', 'admin', options.client, options.name) };
}

/** Closes what startLibClient opened: the client, then the emulator. */
export async function stopLibClient({ emu, sn }: LibClient): Promise<void> {
  await sn.close();
  await emu.close();
}
