import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { openVault, type Vault } from '../lib/auth/vault.js';
import { resolveConfigDir } from '../lib/config/paths.js';
import type { CliIo } from './io.js';

/** Options every command accepts (defined once on the root program). */
export interface GlobalOptions {
  readonly connection: string | undefined;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly debug: boolean;
  readonly insecure: boolean;
  readonly ca: string | undefined;
  /** --cert / --cert-key: a client certificate for mutual TLS, overriding the profile's for this run. */
  readonly cert: string | undefined;
  readonly certKey: string | undefined;
  readonly color: boolean;
  /** --timeout in milliseconds: the deadline of one request attempt. */
  readonly timeoutMs: number | undefined;
  /** --max-retries: retries after a transient failure. */
  readonly maxRetries: number | undefined;
  /** --otp: a one-time MFA code for this run (true: ask for it on the terminal). */
  readonly otp: string | true | undefined;
}

/** Reads the global options as seen from `cmd` (commander merges the parents' options). */
export function globalsOf(cmd: Command, io: CliIo): GlobalOptions {
  const o = cmd.optsWithGlobals<Record<string, unknown>>();
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const noColorEnv = io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '';
  return {
    connection: str(o['connection']) ?? str(io.env['NOWREST_CONNECTION']),
    json: o['json'] === true,
    verbose: o['verbose'] === true,
    debug: o['debug'] === true,
    insecure: o['insecure'] === true,
    ca: str(o['ca']),
    cert: str(o['cert']),
    certKey: str(o['certKey']),
    color: o['color'] !== false && !noColorEnv && io.isTTY.stderr,
    timeoutMs: typeof o['timeout'] === 'number' ? o['timeout'] : undefined,
    maxRetries: typeof o['maxRetries'] === 'number' ? o['maxRetries'] : undefined,
    otp: o['otp'] === true ? true : str(o['otp']),
  };
}

/**
 * State of one CLI invocation: io, the secrets seen so far (scrubbed from every error line), and
 * helpers for config dir, vault and messages on stderr.
 */
export class CliContext {
  readonly io: CliIo;
  /** Every secret this run has handled, so nothing printed can contain one. */
  readonly secrets = new Set<string>();
  /** Set by commands that finish with a non-zero code without throwing (e.g. partial bulk = 5). */
  exitCode = 0;
  /** The connection and table of the running command, for concrete remedies in error messages. */
  errorContext: {
    connection?: string | undefined;
    table?: string | undefined;
    auth?: string | undefined;
    notFoundRemedy?: string | undefined;
    otp?: boolean | undefined;
  } = {};
  /** Set by `demo` to use its own config directory when NOWREST_CONFIG_DIR is not set. */
  configDirFallback: string | undefined;
  private vault: Promise<Vault> | undefined;

  constructor(io: CliIo) {
    this.io = io;
  }

  /** NOWREST_CONFIG_DIR, else $XDG_CONFIG_HOME/nowrest, else ~/.config/nowrest. */
  configDir(): string {
    return resolveConfigDir({
      override: this.io.env['NOWREST_CONFIG_DIR'] || this.configDirFallback,
      xdgConfigHome: this.io.env['XDG_CONFIG_HOME'],
      homeDir: this.io.env['HOME'] ?? homedir(),
    });
  }

  /** The encrypted secret vault in `<config dir>/vault`, keyed by NOWREST_MASTER_KEY when set. */
  openVault(): Promise<Vault> {
    const masterKey = this.io.env['NOWREST_MASTER_KEY'];
    this.vault ??= openVault({
      dir: join(this.configDir(), 'vault'),
      ...(masterKey ? { masterKey } : {}),
    });
    return this.vault;
  }

  /** Remembers a secret so it is scrubbed from anything the CLI prints. */
  addSecret(value: string | undefined): void {
    if (value) this.secrets.add(value);
  }

  /** An informational line on stderr ("note: …"). */
  note(message: string): void {
    this.io.stderr.write(`note: ${message}\n`);
  }

  /** A warning on stderr, yellow on a colour terminal. */
  warn(message: string, color: boolean): void {
    const text = color ? `\x1b[33mwarning:\x1b[0m ${message}` : `warning: ${message}`;
    this.io.stderr.write(`${text}\n`);
  }

  /** Writes data to stdout. */
  out(text: string): void {
    this.io.stdout.write(text);
  }
}
