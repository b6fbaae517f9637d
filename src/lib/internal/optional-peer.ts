import { MissingDependencyError } from '../errors/missing-dependency-error.js';

/**
 * An optional peer dependency of nowrest (package.json `peerDependencies` + `peerDependenciesMeta.optional`):
 * installed only by those who use the feature that needs it.
 */
export interface OptionalPeer {
  /** The package name, e.g. "pg". */
  readonly name: string;
  /** The major version the install hint names (`npm i pg@8`); the same as the peerDependencies range. */
  readonly major: number;
  /** What needs it, as the user knows it, e.g. "nowrest sync --to postgres://". */
  readonly feature: string;
}

function isInstalled(name: string): boolean {
  try {
    import.meta.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The one place the library loads an optional peer. `load` is the caller's own `() => import('pg')`, so the
 * module keeps its types; when the peer is not installed, this throws a {@link MissingDependencyError} naming the
 * install command (any other load failure is rethrown as it is).
 * @example const { default: pg } = await loadOptionalPeer(PG, () => import('pg'));
 */
export async function loadOptionalPeer<T>(peer: OptionalPeer, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' && !isInstalled(peer.name)) {
      const install = `npm i ${peer.name}@${peer.major}`;
      throw new MissingDependencyError({ packageName: peer.name, install, feature: peer.feature }, { cause: error });
    }
    throw error;
  }
}
