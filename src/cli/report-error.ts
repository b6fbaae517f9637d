import { CommanderError } from 'commander';
import { CliError } from './cli-error.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import type { CliIo } from './io.js';
import { tokenFailureAdvice, unauthorizedAdvice } from '../lib/test-connection-auth.js';

/** An error as the CLI shows it: one line of what is wrong, one of how to fix it, and the exit code. */
export interface ErrorReport {
  readonly code: string;
  readonly message: string;
  readonly remedy: string | undefined;
  readonly exitCode: ExitCodeValue;
}

/** Context that makes remedies concrete (which connection, which table). */
export interface ErrorContext {
  readonly connection?: string | undefined;
  readonly table?: string | undefined;
  /** The connection's auth type, when known, so auth remedies fit it. */
  readonly auth?: string | undefined;
  /** The remedy for a 404, for commands where "check the sys_id" does not fit (no sys_id involved). */
  readonly notFoundRemedy?: string | undefined;
  /** True when this run sent a one-time MFA code (--otp). */
  readonly otp?: boolean | undefined;
}

const AUTH_TYPES = ['basic', 'oauth2', 'jwt', 'password', 'client_credentials', 'token'] as const;

/** The library's per-grant remedy (the one Test Connection gives), when the auth type is known. */
function authAdvice(err: unknown, ctx: ErrorContext, conn: string, when: 'unauthorized' | 'token'): string | undefined {
  const type = AUTH_TYPES.find((t) => t === ctx.auth);
  if (type === undefined) return undefined;
  const subject = { name: conn, auth: { type, ...(ctx.otp === true ? { otp: 'given' } : {}) } };
  return (when === 'token' ? tokenFailureAdvice(subject, err) : unauthorizedAdvice(subject)).remedy;
}

function field(err: unknown, name: string): unknown {
  return typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[name] : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Maps any error to a report. Library errors are recognised by their stable `code` (not instanceof,
 * so two copies of the library still work).
 */
export function describeError(err: unknown, ctx: ErrorContext = {}): ErrorReport {
  if (err instanceof CliError) {
    return { code: err.code, message: err.message, remedy: err.remedy, exitCode: err.exitCode };
  }
  if (err instanceof CommanderError) {
    const match = /^(?:error:\s*)?(.*?)(?: \(see (`[^`]+`)\))?$/s.exec(err.message);
    const message = match?.[1] ?? err.message;
    const remedy = match?.[2] ? `see ${match[2]}` : 'see `nowrest --help`';
    return { code: 'CLI_USAGE', message, remedy, exitCode: ExitCode.usage };
  }
  const code = str(field(err, 'code')) ?? 'CLI_INTERNAL';
  const message = err instanceof Error ? err.message : String(err);
  const conn = ctx.connection ?? '<name>';
  const snMessage = str(field(err, 'serviceNowMessage')) ?? message;
  switch (code) {
    case 'SN_CONFIG': {
      const fix = str(field(err, 'fix'));
      return { code, message: str(field(err, 'problem')) ?? message, remedy: fix, exitCode: ExitCode.usage };
    }
    case 'SN_MISSING_DEPENDENCY': {
      // An optional peer (the emulator's SQLite driver, pg…) is not installed: one line naming the install command.
      const install = str(field(err, 'install'));
      const problem = str(field(err, 'problem')) ?? message;
      return { code, message: problem, remedy: install && `run \`${install}\``, exitCode: ExitCode.usage };
    }
    case 'SN_UNKNOWN_TABLE': {
      const table = str(field(err, 'table')) ?? ctx.table ?? '<table>';
      return {
        code,
        message: `unknown table '${table}'`,
        remedy: `check the name with \`nowrest schema tables --filter ${table.slice(0, 5)}\``,
        exitCode: ExitCode.usage,
      };
    }
    case 'SN_BAD_REQUEST':
      return { code, message, remedy: 'check the query, field names and values', exitCode: ExitCode.failed };
    case 'SN_UNAUTHENTICATED':
      return {
        code,
        message:
          ctx.otp === true
            ? `ServiceNow refused the password and one-time code of connection '${conn}': ${snMessage}`
            : `authentication failed for connection '${conn}': ${snMessage}`,
        remedy:
          ctx.auth === 'jwt'
            ? `the instance refused the JWT bearer token: check the subject's roles and the verifier map, then retry`
            : ctx.auth === 'basic' && ctx.otp !== true
              ? `check the user name and password (\`nowrest connection edit ${conn} --password-stdin\`); if the instance asks for multi-factor codes, pass --otp`
              : (authAdvice(err, ctx, conn, 'unauthorized') ??
                `check the user name and password (\`nowrest connection edit ${conn} --password-stdin\`), or run \`nowrest oauth generate ${conn}\` for OAuth`),
        exitCode: ExitCode.auth,
      };
    case 'SN_REAUTH_REQUIRED':
      return {
        code,
        message: `connection '${conn}' must sign in again: ${message}`,
        remedy: authAdvice(err, ctx, conn, 'token') ?? `run \`nowrest oauth generate ${conn}\``,
        exitCode: ExitCode.auth,
      };
    case 'SN_NOT_FOUND':
      return {
        code,
        message: `not found: ${snMessage}`,
        remedy:
          ctx.notFoundRemedy ?? `check the sys_id${ctx.table ? ` with \`nowrest query ${ctx.table} --max 5\`` : ''}`,
        exitCode: ExitCode.notFound,
      };
    case 'SN_FORBIDDEN':
      return {
        code,
        message: `permission denied: ${message}`,
        remedy: 'ask a ServiceNow admin for the role or ACL this operation needs',
        exitCode: ExitCode.failed,
      };
    case 'SN_TIMEOUT':
      return {
        code,
        message,
        remedy:
          'check the base URL, your network and HTTPS_PROXY; for a slow query or a large page, raise --timeout (seconds per attempt)',
        exitCode: ExitCode.failed,
      };
    case 'SN_CONNECTION':
      return {
        code,
        message,
        remedy:
          // A server requiring a client certificate ends the TLS 1.3 handshake of a client without one, which
          // undici reports only as a closed or reset socket.
          isConnectionReset(err)
            ? `check the base URL, your network and HTTPS_PROXY; if the instance requires a client certificate, pass --cert/--cert-key (or store one with \`nowrest connection edit ${conn} --client-cert FILE --client-key FILE\`)`
            : 'check the base URL, your network, HTTPS_PROXY, or use --ca/--insecure for TLS problems',
        exitCode: ExitCode.failed,
      };
    case 'SN_RATE_LIMITED':
      return { code, message, remedy: 'wait and retry, or lower --concurrency', exitCode: ExitCode.failed };
    case 'SN_ABORTED':
      return { code, message: 'interrupted', remedy: undefined, exitCode: ExitCode.interrupted };
    case 'SN_OAUTH':
      return {
        code,
        message,
        remedy:
          ctx.auth === 'jwt'
            ? `check the instance's JWT verifier map holds the public key for this client id and key id, that the subject is an active user, and the client secret (\`nowrest connection edit ${conn} --private-key-file key.pem --client-secret-stdin\`)`
            : ctx.auth === 'password' || ctx.auth === 'client_credentials'
              ? authAdvice(err, ctx, conn, 'token')
              : `check the client id and secret, then run \`nowrest oauth generate ${conn}\``,
        exitCode: ExitCode.auth,
      };
    case 'ENOENT':
    case 'EACCES':
    case 'EISDIR':
    case 'EPERM':
    case 'EROFS':
      return { code: 'CLI_FILE', message, remedy: 'check the path and permissions', exitCode: ExitCode.failed };
    case 'ENOTDIR':
      return {
        code: 'CLI_FILE',
        message,
        remedy: 'a part of that path is a file, not a directory; choose another path',
        exitCode: ExitCode.failed,
      };
    case 'ENOSPC':
      return { code: 'CLI_FILE', message, remedy: 'free some disk space and run it again', exitCode: ExitCode.failed };
    default:
      return { code, message, remedy: undefined, exitCode: ExitCode.failed };
  }
}

/** Replaces every known secret in `text` (belt and braces: library errors are already redacted). */
export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of [...secrets].filter((x) => x.length >= 3).sort((a, b) => b.length - a.length)) {
    out = out.split(s).join('[REDACTED]');
  }
  return out;
}

/**
 * Writes the error to stderr: as `{"error":{code,message,remedy}}` with --json, else one line
 * "error: what — fix"; the stack only with --debug. Returns the exit code.
 */
export function reportError(
  err: unknown,
  io: CliIo,
  options: { json: boolean; debug: boolean; secrets: Iterable<string>; context?: ErrorContext },
): ExitCodeValue {
  const report = describeError(err, options.context);
  const secrets = [...options.secrets];
  if (options.json) {
    const body = { error: { code: report.code, message: report.message, remedy: report.remedy ?? null } };
    io.stderr.write(`${scrub(JSON.stringify(body), secrets)}\n`);
  } else {
    const line = report.remedy ? `error: ${report.message} — ${report.remedy}` : `error: ${report.message}`;
    io.stderr.write(`${scrub(line, secrets)}\n`);
  }
  if (options.debug && err instanceof Error && err.stack) {
    let chain: unknown = err;
    let text = '';
    while (chain instanceof Error) {
      text += `${chain.stack ?? chain.message}\n`;
      chain = chain.cause;
      if (chain !== undefined) text += 'caused by: ';
    }
    io.stderr.write(scrub(text, secrets));
  }
  return report.exitCode;
}

/** A reset socket (undici reports a TLS 1.3 client-certificate refusal only as one), by the error's system code. */
function isConnectionReset(err: unknown): boolean {
  const systemCode = str(field(err, 'systemCode'));
  return systemCode === 'ECONNRESET' || systemCode === 'UND_ERR_SOCKET';
}
