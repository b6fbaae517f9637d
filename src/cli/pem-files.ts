/**
 * The CLI's view of the PEM checks in `lib/config/pem-files.ts`: the same checks, labelled with the flag that
 * named the file, and failing as a usage error (exit 2) that names the flag and the file.
 */
import * as pem from '../lib/config/pem-files.js';
import { ConfigError } from '../lib/errors/config-error.js';
import { CliError } from './cli-error.js';
import { ExitCode } from './exit-codes.js';

async function asUsageError<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new CliError('CLI_FILE', error.problem, {
      exitCode: ExitCode.usage,
      ...(error.fix === undefined ? {} : { remedy: error.fix }),
      ...(error.cause === undefined ? {} : { cause: error.cause }),
    });
  }
}

/** Reads and checks the RSA key given with --private-key-file; returns the PEM text as read. */
export function readJwtPrivateKey(cwd: string, file: string): Promise<string> {
  return asUsageError(() => pem.readJwtPrivateKey(cwd, file, '--private-key-file'));
}

/** Checks a client certificate and its key (mutual TLS); returns their absolute paths. */
export function checkClientCertificate(
  cwd: string,
  certFile: string,
  keyFile: string,
  flags: { cert: string; key: string },
): Promise<{ certPath: string; keyPath: string }> {
  return asUsageError(() => pem.checkClientCertificate(cwd, certFile, keyFile, flags));
}

/** Checks a CA file given with `flag`; returns its absolute path. */
export function checkCaFile(cwd: string, flag: string, file: string): Promise<string> {
  return asUsageError(() => pem.checkCaFile(cwd, flag, file));
}
