import { isAbsolute, join } from 'node:path';

/** Inputs for locating the configuration directory; the caller reads them from its environment. */
export interface ConfigDirInputs {
  /** An explicit directory (the CLI's NOWREST_CONFIG_DIR); wins over everything else. */
  readonly override?: string | undefined;
  /** XDG_CONFIG_HOME, when set. */
  readonly xdgConfigHome?: string | undefined;
  /** The user's home directory. */
  readonly homeDir: string;
}

/**
 * The directory holding connection profiles and the secret vault: the override, else
 * `$XDG_CONFIG_HOME/nowrest`, else `~/.config/nowrest` (XDG Base Directory spec).
 *
 * @example resolveConfigDir({ xdgConfigHome: undefined, homeDir: '/home/ann' }) // '/home/ann/.config/nowrest'
 */
export function resolveConfigDir(inputs: ConfigDirInputs): string {
  if (inputs.override) return inputs.override;
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  if (inputs.xdgConfigHome && isAbsolute(inputs.xdgConfigHome)) return join(inputs.xdgConfigHome, 'nowrest');
  return join(inputs.homeDir, '.config', 'nowrest');
}

/** The profiles file inside a configuration directory. */
export function connectionsFilePath(configDir: string): string {
  return join(configDir, 'connections.json');
}
