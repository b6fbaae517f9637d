import { AbortError } from '../errors/abort-error.js';
import { ConnectionError, TimeoutError } from '../errors/connection-error.js';
import type { ServiceNowError } from '../errors/service-now-error.js';

/** Codes raised before the request left the machine: replaying is safe for every verb. */
const CONNECT_PHASE = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** Codes that retrying cannot fix. */
const PERMANENT = new Set(['ENOTFOUND', 'ERR_INVALID_URL']);
const TIMEOUT = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** A low-level failure translated into a nowrest error plus what the retry policy needs to know. */
export interface ClassifiedError {
  readonly error: ServiceNowError;
  readonly phase: 'connect' | 'sent';
  /** True when retrying is pointless (certificate problems, unknown host). */
  readonly permanent: boolean;
}

/** Finds the innermost `code` in an error's cause chain (undici wraps socket errors in `TypeError: fetch failed`). */
export function systemCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  let found: string | undefined;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') found = code;
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}

/** True for TLS certificate verification failures. */
export function isCertificateCode(code: string | undefined): boolean {
  return code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL/.test(code);
}

/**
 * Maps an error thrown by fetch (or while reading the body) to a nowrest error.
 *
 * @param callerSignal the caller's signal: when it fired, the result is an AbortError whatever undici said.
 * @param timedOut true when our own per-attempt timeout fired.
 */
export function classifyError(
  error: unknown,
  context: {
    method: string;
    url: string;
    callerSignal?: AbortSignal | undefined;
    timedOut: boolean;
    duringBody: boolean;
  },
): ClassifiedError {
  const where = `${context.method} ${context.url}`;
  if (context.callerSignal?.aborted) {
    return {
      error: new AbortError(`Aborted: ${where}`, { cause: context.callerSignal.reason }),
      phase: 'sent',
      permanent: true,
    };
  }
  const code = systemCodeOf(error);
  const connectPhase = !context.duringBody && code !== undefined && CONNECT_PHASE.has(code);
  const phase = connectPhase || isCertificateCode(code) ? 'connect' : 'sent';
  const mayHaveBeenProcessed = phase === 'sent' && context.method !== 'GET' && context.method !== 'HEAD';
  const permanent = isCertificateCode(code) || (code !== undefined && PERMANENT.has(code));
  const options = { cause: error, mayHaveBeenProcessed, ...(code === undefined ? {} : { systemCode: code }) };
  if (context.timedOut || (code !== undefined && TIMEOUT.has(code))) {
    return { error: new TimeoutError(`Timed out: ${where}${suffix(mayHaveBeenProcessed)}`, options), phase, permanent };
  }
  return {
    error: new ConnectionError(`${describe(code)}: ${where}${suffix(mayHaveBeenProcessed)}`, options),
    phase,
    permanent,
  };
}

function suffix(mayHaveBeenProcessed: boolean): string {
  return mayHaveBeenProcessed
    ? '. The server may have processed the request before the connection failed; check before repeating it'
    : '';
}

function describe(code: string | undefined): string {
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'Host not found (DNS)';
  if (code === 'ECONNREFUSED') return 'Connection refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'Connection reset';
  if (isCertificateCode(code)) return `TLS certificate rejected (${code})`;
  return code ? `Connection failed (${code})` : 'Connection failed';
}
