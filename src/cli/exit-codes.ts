/** Process exit codes of `nowrest`; documented in `nowrest --help`. */
export const ExitCode = {
  ok: 0,
  /** The operation failed (server error, network, invalid data…). */
  failed: 1,
  /** Usage error: unknown command or flag, bad flag value, invalid configuration, refused confirmation. */
  usage: 2,
  /** Authentication needed: 401, wrong credentials, expired refresh token. */
  auth: 3,
  /** Not found: unknown record (404) or unknown connection profile. */
  notFound: 4,
  /** A bulk operation partially failed: see the failures file. */
  partial: 5,
  /** Interrupted by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + SIGTERM): cleanly, or when a clean stop took over the grace period. */
  terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The help text block describing exit codes. */
export const EXIT_CODES_HELP = `
Exit codes:
  0    success
  1    the operation failed
  2    usage error (unknown command or flag, bad value, invalid configuration)
  3    authentication needed (wrong credentials, expired or revoked token)
  4    not found (unknown record or connection)
  5    bulk operation partially failed (details in the failures file)
  130  interrupted (Ctrl-C)
  143  terminated (SIGTERM; stops cleanly, or after 10 s if a clean stop takes longer)`;
