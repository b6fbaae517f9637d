/**
 * The vault: one encrypted file per connection holding every secret of that connection (password, client
 * secret, OAuth tokens), so the CLI and the console keep nothing secret in plain files. Files are
 * AES-256-GCM envelopes (vault-envelope.ts), written atomically under a cross-process lock.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { StoredTokens, TokenStore } from './token-store.js';
import { EnvelopeOpenError, deriveVaultKey, openEnvelope, sealEnvelope } from './vault-envelope.js';
import { TokenStoreError } from '../errors/token-store-error.js';
import {
  assertPrivateFile,
  ensurePrivateDir,
  loadOrCreateKeyFile,
  readPrivateFile,
  removeFile,
  writeFileAtomic,
} from './vault-files.js';
import { type FileLockOptions, withFileLock } from './vault-lock.js';
import { sweepOrphanedTempFiles } from '../internal/atomic-file.js';

/** Everything secret about one connection. */
export interface VaultSecrets {
  readonly password?: string;
  readonly clientSecret?: string;
  /** The RSA private key (PEM) that signs JWT bearer assertions. */
  readonly privateKey?: string;
  readonly tokens?: StoredTokens;
}

/** The names of {@link VaultSecrets} entries, for {@link Vault.clear}. */
export type VaultSecretName = keyof VaultSecrets;

/** Options for {@link openVault}. */
export interface VaultOptions {
  /** Directory for the vault files and the generated key file (created 0700 when missing). */
  readonly dir: string;
  /**
   * The master key: 32 bytes, base64 of 32 bytes, or any passphrase (stretched with scrypt). The CLI passes
   * NOWREST_MASTER_KEY here. Without it, a random key is generated once into `<dir>/master.key` (0600).
   */
  readonly masterKey?: string | Uint8Array;
  /** Cross-process lock tuning. */
  readonly lock?: FileLockOptions;
}

/** Encrypted per-connection secret storage. */
export interface Vault {
  readonly dir: string;
  /** The secrets of a connection; `{}` when it has none. */
  get(name: string): Promise<VaultSecrets>;
  /** Merges `partial` into the stored secrets (read-modify-write under the lock). */
  set(name: string, partial: VaultSecrets): Promise<void>;
  /** Removes the given entries, or all of them when `keys` is omitted. */
  clear(name: string, keys?: readonly VaultSecretName[]): Promise<void>;
  /** Deletes the connection's vault file. */
  remove(name: string): Promise<void>;
  /** A TokenStore backed by the `tokens` entry of each connection, with cross-process `exclusive`. */
  tokenStore(): TokenStore;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Opens (and on first use creates) a vault directory.
 * @throws TokenStoreError when the key file is readable by others or damaged.
 * @example
 * const vault = await openVault({ dir: join(homedir(), '.config', 'nowrest', 'vault') });
 * await vault.set('dev', { password: secret });
 * const sn = createClient({ ..., tokenStore: vault.tokenStore() });
 */
export async function openVault(options: VaultOptions): Promise<Vault> {
  const { dir } = options;
  await ensurePrivateDir(dir);
  await sweepOrphanedTempFiles(dir);
  const key =
    options.masterKey === undefined
      ? await loadOrCreateKeyFile(join(dir, 'master.key'))
      : deriveVaultKey(options.masterKey);

  const fileOf = (name: string): string => {
    if (name.length === 0) throw new RangeError('connection name must not be empty');
    // Names that are not plain file names are hashed, so no name can escape the directory.
    const base = SAFE_NAME.test(name) ? name : `h-${createHash('sha256').update(name).digest('hex').slice(0, 32)}`;
    return join(dir, `${base}.vault`);
  };

  const read = async (name: string): Promise<VaultSecrets> => {
    const path = fileOf(name);
    const content = await readPrivateFile(path);
    if (content === undefined) return {};
    try {
      return JSON.parse(openEnvelope(key, name, content)) as VaultSecrets;
    } catch (error) {
      throw describeOpenFailure(error, path, name);
    }
  };

  const locked = <T>(name: string, fn: () => Promise<T>): Promise<T> =>
    withFileLock(`${fileOf(name)}.lock`, fn, options.lock);

  const write = async (name: string, secrets: VaultSecrets): Promise<void> => {
    const path = fileOf(name);
    if (Object.keys(secrets).length === 0) return removeFile(path);
    await writeFileAtomic(path, JSON.stringify(sealEnvelope(key, name, JSON.stringify(secrets))));
    await assertPrivateFile(path);
  };

  const vault: Vault = {
    dir,
    get: read,
    set: (name, partial) => locked(name, async () => write(name, { ...(await read(name)), ...partial })),
    clear: (name, keys) =>
      locked(name, async () => {
        if (keys === undefined) return removeFile(fileOf(name));
        const next: Record<string, unknown> = { ...(await read(name)) };
        for (const k of keys) delete next[k];
        return write(name, next);
      }),
    remove: (name) => locked(name, () => removeFile(fileOf(name))),
    tokenStore: () => ({
      load: async (name) => (await read(name)).tokens,
      save: (name, tokens) => vault.set(name, { tokens }),
      clear: (name) => vault.clear(name, ['tokens']),
      exclusive: (name, fn) => locked(name, fn),
    }),
  };
  return vault;
}

function describeOpenFailure(error: unknown, path: string, name: string): unknown {
  if (!(error instanceof EnvelopeOpenError)) return error;
  const fix = `run \`nowrest oauth reset ${name}\` then \`nowrest oauth generate ${name}\` (and store the connection's password or client secret again)`;
  switch (error.reason) {
    case 'malformed':
      return new TokenStoreError(`the vault file ${path} is truncated or not a nowrest vault file: ${fix}`, {
        cause: error,
      });
    case 'unsupported':
      return new TokenStoreError(
        `the vault file ${path} uses a format this nowrest version cannot read: upgrade nowrest, or ${fix}`,
        { cause: error },
      );
    case 'authentication':
      return new TokenStoreError(
        `the vault file ${path} was modified, belongs to another connection, or the master key changed: restore the key (NOWREST_MASTER_KEY or master.key), or ${fix}`,
        { cause: error },
      );
  }
}
