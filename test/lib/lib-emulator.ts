// The library's integration tests on the one emulator harness (test/helpers/emulator.ts): the same control-plane
// helpers, with `baseUrl` the API root a library client is given (`${url}/api/now/v2`), and a basic-auth client.
import { after, before } from 'node:test';
import type { Emulator, EmulatorOptions } from '../../src/emulator/index.js';
import { createClient, type ClientOptions, type ServiceNowClient } from '../../src/lib/index.js';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';

/** The library tests' view of the test emulator: its control plane, and `baseUrl` as a client's API root. */
export interface LibEmulator extends Pick<
  TestEmulator,
  'url' | 'faults' | 'clearFaults' | 'requests' | 'clearRequests' | 'control'
> {
  /** The API root for a client: `${url}/api/now/v2` by default, `/api/now/v1` or `/api/now` (''). */
  baseUrl(version?: 'v1' | 'v2' | ''): string;
  reset(): Promise<void>;
  close(): Promise<void>;
  readonly emulator: Emulator;
}

export async function startLibEmulator(options: EmulatorOptions = {}): Promise<LibEmulator> {
  const emulator = await startEmulator(options);
  return {
    url: emulator.url,
    emulator,
    baseUrl: (version = 'v2') => `${emulator.url}/api/now${version ? `/${version}` : ''}`,
    faults: (spec) => emulator.faults(spec),
    clearFaults: () => emulator.clearFaults(),
    requests: () => emulator.requests(),
    clearRequests: () => emulator.clearRequests(),
    control: (path, body) => emulator.control(path, body),
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

/**
 * {@link startLibClient} for a whole test file: a `before` hook starts it and an `after` hook stops it. The returned
 * object is filled in when `before` has run, so tests read `lib.sn` and `lib.emu`.
 */
export function useLibClient(options: Parameters<typeof startLibClient>[0] = {}): LibClient {
  const lib = {} as LibClient;
  before(async () => {
    Object.assign(lib, await startLibClient(options));
  });
  after(() => (lib.sn === undefined ? undefined : stopLibClient(lib)));
  return lib;
}
