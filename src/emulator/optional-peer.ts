/**
 * Optional peer dependencies of the emulator (package.json `peerDependencies` + `peerDependenciesMeta.optional`):
 * a consumer who only uses the library and the CLI never installs them. The emulator shares no code with the
 * client, so this mirrors src/lib/internal/optional-peer.ts; both throw the same stable code.
 */
export interface OptionalPeer {
  /** The package name, e.g. "better-sqlite3". */
  readonly name: string;
  /** The major version the install hint names (`npm i better-sqlite3@12`); the same as the peerDependencies range. */
  readonly major: number;
  /** Why the emulator needs it, e.g. "its SQLite driver". */
  readonly purpose: string;
}

/** The emulator's SQLite driver (native). */
export const SQLITE_DRIVER: OptionalPeer = { name: 'better-sqlite3', major: 12, purpose: 'its SQLite driver' };
/** Makes the self-signed certificates of `tls: true`. */
export const CERTIFICATE_MAKER: OptionalPeer = {
  name: 'selfsigned',
  major: 5,
  purpose: 'its certificate maker, for --tls',
};

/** The emulator cannot start: peers it needs are not installed. `code` is the library's, so the CLI maps both. */
export class MissingDependencyError extends Error {
  override readonly name = 'MissingDependencyError';
  readonly code = 'SN_MISSING_DEPENDENCY';
  /** What is missing, without the fix. */
  readonly problem: string;
  /** The missing package names. */
  readonly packageName: string;
  /** The command that installs every missing peer, e.g. "npm i better-sqlite3@12". */
  readonly install: string;

  constructor(missing: readonly OptionalPeer[], options: { cause?: unknown } = {}) {
    const install = `npm i ${missing.map((p) => `${p.name}@${p.major}`).join(' ')}`;
    const problem = `the nowrest emulator needs ${missing.map((p) => `${p.name} (${p.purpose})`).join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not installed`;
    super(`${problem}. Install ${missing.length > 1 ? 'them' : 'it'} with: ${install}`, options);
    this.problem = problem;
    this.packageName = missing.map((p) => p.name).join(' ');
    this.install = install;
  }
}

function isInstalled(peer: OptionalPeer): boolean {
  try {
    import.meta.resolve(peer.name);
    return true;
  } catch {
    return false;
  }
}

/** Throws one {@link MissingDependencyError} naming every peer of `peers` that is not installed. */
export function requirePeers(peers: readonly OptionalPeer[]): void {
  const missing = peers.filter((peer) => !isInstalled(peer));
  if (missing.length > 0) throw new MissingDependencyError(missing);
}

/**
 * The one place the emulator loads an optional peer. `load` is the caller's own `() => import('better-sqlite3')`,
 * so the module keeps its types; a peer that is not installed becomes a {@link MissingDependencyError}.
 */
export async function loadOptionalPeer<T>(peer: OptionalPeer, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' && !isInstalled(peer)) {
      throw new MissingDependencyError([peer], { cause: error });
    }
    throw error;
  }
}
