// `nowrest emulator --tls --require-client-cert` as a real process, for the tests that connect to it with the
// client certificate it prints.
import assert from 'node:assert/strict';
import { startCli, waitFor, type CliProcess, type CliSandbox } from './cli-harness.js';

/** The running emulator process, its URL and the files it printed: CA, client certificate and key. */
export interface MtlsEmulatorProcess {
  readonly proc: CliProcess;
  readonly url: string;
  readonly caPath: string;
  readonly certPath: string;
  readonly keyPath: string;
  /** Ctrl-C, then waits for the process to end. */
  stop(): Promise<void>;
}

/** Starts the emulator process and waits until it is ready (it printed "Press Ctrl-C"). */
export async function startMtlsEmulatorProcess(sb: CliSandbox): Promise<MtlsEmulatorProcess> {
  const proc = startCli(sb, ['emulator', '--tls', '--require-client-cert']);
  const stop = async () => {
    proc.child.kill('SIGINT');
    await proc.exited;
  };
  try {
    await waitFor(proc, () => proc.stderr().includes('Press Ctrl-C') && proc.stdout().includes('\n'), 'it was ready');
    const stderr = proc.stderr();
    const ca = /TLS CA certificate: (\S+)/.exec(stderr)?.[1];
    const paths = /Client certificate required: (\S+), key (\S+)/.exec(stderr);
    assert.ok(ca && paths, stderr);
    return { proc, url: proc.stdout().trim(), caPath: ca, certPath: paths[1]!, keyPath: paths[2]!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
