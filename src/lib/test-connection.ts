import { authMethodName, type ConnectionConfig } from './connection.js';
import { tokenFailureAdvice, unauthorizedAdvice } from './test-connection-auth.js';
import { ApiError } from './errors/api-error.js';
import { ConnectionError } from './errors/connection-error.js';
import { OAuthError, ReauthenticationRequiredError } from './errors/oauth-error.js';
import { TokenStoreError } from './errors/token-store-error.js';
import { ResponseError } from './errors/response-error.js';
import { isServiceNowError } from './errors/service-now-error.js';
import { isCertificateCode } from './transport/classify-error.js';
import type { Transport } from './transport/transport.js';

/** The diagnosis stages, in order. */
export type TestConnectionStageName = 'url' | 'network' | 'servicenow' | 'authentication' | 'authorization';

/** One stage's verdict. Stages after a failure are `skipped`. */
export interface TestConnectionStage {
  readonly stage: TestConnectionStageName;
  readonly status: 'pass' | 'fail' | 'skipped';
  readonly summary: string;
  readonly detail?: string;
  /** What to do about a failure. */
  readonly remedy?: string;
}

/** The result of a Test Connection. */
export interface TestConnectionReport {
  readonly ok: boolean;
  readonly stages: readonly TestConnectionStage[];
}

const ORDER: readonly TestConnectionStageName[] = ['url', 'network', 'servicenow', 'authentication', 'authorization'];

/** The remedy the original connector gives for a 403 on sys_db_object. */
export const AUTHORIZATION_REMEDY =
  'Ask your ServiceNow administrator for read access to the sys_db_object table (for example the `admin` role, or a custom role with a read ACL on sys_db_object) and the `snc_platform_rest_api_access` role for REST';

/** Builds a report: the given stages, then every remaining stage as skipped. */
export function buildReport(stages: readonly TestConnectionStage[]): TestConnectionReport {
  const done = new Set(stages.map((s) => s.stage));
  const rest = ORDER.filter((name) => !done.has(name)).map((stage): TestConnectionStage => ({
    stage,
    status: 'skipped',
    summary: 'Skipped: an earlier stage failed',
  }));
  const all = [...stages, ...rest];
  return { ok: all.every((s) => s.status === 'pass'), stages: all };
}

/** Inputs for {@link runTestConnection}. */
export interface RunTestConnectionInput {
  readonly connection: ConnectionConfig;
  readonly transport: Transport;
  readonly apiBase: string;
  readonly signal?: AbortSignal;
}

/**
 * Runs stages 2–5 with one authenticated 1-row read of sys_db_object (`sysparm_limit=1&sysparm_fields=name`), the
 * same probe as the original connector. The URL stage already passed, since the client exists.
 */
export async function runTestConnection(input: RunTestConnectionInput): Promise<TestConnectionReport> {
  const url = new URL(`${input.apiBase}/table/sys_db_object`);
  const host = url.host;
  const pass = (stage: TestConnectionStageName, summary: string): TestConnectionStage => ({
    stage,
    status: 'pass',
    summary,
  });
  const stages: TestConnectionStage[] = [pass('url', `Base URL ${input.apiBase} is valid`)];
  url.search = 'sysparm_limit=1&sysparm_fields=name';
  try {
    const res = await input.transport.send({ method: 'GET', url: url.toString(), signal: input.signal, maxRetries: 0 });
    const result = (res.body as { result?: unknown } | undefined)?.result;
    if (!Array.isArray(result)) {
      stages.push(pass('network', `Reached ${host}`));
      stages.push({
        stage: 'servicenow',
        status: 'fail',
        summary: 'The server answered, but not like the ServiceNow Table API (no "result")',
        remedy:
          'Check that the base URL points at a ServiceNow instance, e.g. https://<instance>.service-now.com/api/now/v2',
      });
      return buildReport(stages);
    }
    stages.push(pass('network', `Reached ${host}`));
    stages.push(pass('servicenow', 'The ServiceNow REST API answered'));
    stages.push(pass('authentication', `Signed in with ${authMethodName(input.connection.auth)}`));
    stages.push(pass('authorization', 'Read access to sys_db_object confirmed'));
    return buildReport(stages);
  } catch (error) {
    stages.push(...diagnose(error, host, input.connection));
    return buildReport(stages);
  }
}

function diagnose(error: unknown, host: string, connection: ConnectionConfig): TestConnectionStage[] {
  const detail = error instanceof Error ? error.message : String(error);
  const reached = { stage: 'network', status: 'pass', summary: `Reached ${host}` } as const;
  if (error instanceof OAuthError || error instanceof TokenStoreError) {
    // The strategy failed before the API call: the token endpoint (or the local token store) refused.
    // No token request was made when nothing usable is stored (a refused refresh did reach the instance).
    const store =
      error instanceof TokenStoreError ||
      (error instanceof ReauthenticationRequiredError && error.reason !== 'refused');
    const notTried = { status: 'skipped', summary: 'Not attempted: no usable token' } as const;
    return [
      store ? { stage: 'network', ...notTried } : { stage: 'network', status: 'pass', summary: `Reached ${host}` },
      store
        ? { stage: 'servicenow', ...notTried }
        : { stage: 'servicenow', status: 'pass', summary: 'The OAuth token endpoint answered' },
      {
        stage: 'authentication',
        status: 'fail',
        ...(error instanceof TokenStoreError
          ? {
              summary: 'The stored OAuth tokens could not be read',
              remedy: 'Check the master key (NOWREST_MASTER_KEY or the key file) or generate the token again',
            }
          : tokenFailureAdvice(connection, error)),
        detail,
      },
    ];
  }
  if (error instanceof ConnectionError) {
    return [{ stage: 'network', status: 'fail', ...networkAdvice(error, host), detail }];
  }
  if (error instanceof ResponseError) {
    const redirected = error.status !== undefined && error.status >= 300 && error.status < 400;
    return [
      reached,
      {
        stage: 'servicenow',
        status: 'fail',
        summary: redirected
          ? 'The server redirected the API call (usually to a login or SSO page)'
          : 'The server did not answer with ServiceNow JSON (an HTML page or other content)',
        detail,
        remedy:
          'Open the instance in a browser: a developer instance may be hibernating (wake the instance from developer.servicenow.com), or the URL may point at a login page, proxy or another site',
      },
    ];
  }
  if (error instanceof ApiError) {
    const envelope = (error.body as { error?: unknown } | undefined)?.error;
    if (!envelope || typeof envelope !== 'object') {
      return [
        reached,
        {
          stage: 'servicenow',
          status: 'fail',
          summary: `HTTP ${error.status} without a ServiceNow error body`,
          detail,
          remedy:
            'Something other than ServiceNow answered (a proxy or gateway?). Check the URL and proxy settings, or wake the instance',
        },
      ];
    }
    const api = { stage: 'servicenow', status: 'pass', summary: 'The ServiceNow REST API answered' } as const;
    if (error.status === 401) {
      return [reached, api, { stage: 'authentication', status: 'fail', ...unauthorizedAdvice(connection), detail }];
    }
    if (error.status === 403) {
      return [
        reached,
        api,
        { stage: 'authentication', status: 'pass', summary: `Signed in with ${authMethodName(connection.auth)}` },
        {
          stage: 'authorization',
          status: 'fail',
          summary: 'No read access to sys_db_object (403)',
          detail,
          remedy: AUTHORIZATION_REMEDY,
        },
      ];
    }
    return [
      reached,
      {
        stage: 'servicenow',
        status: 'fail',
        summary: `The instance answered HTTP ${error.status}: ${error.serviceNowMessage}`,
        detail,
        remedy:
          error.status === 429
            ? 'The REST rate limit was hit; try again later'
            : 'Try again later; if it persists, check the instance status',
      },
    ];
  }
  const code = isServiceNowError(error) ? error.code : 'unknown';
  return [
    {
      stage: 'network',
      status: 'fail',
      summary: `Unexpected failure (${code})`,
      detail,
      remedy: 'Try again; report it if it persists',
    },
  ];
}

function networkAdvice(error: ConnectionError, host: string): { summary: string; remedy: string } {
  const code = error.systemCode;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {
      summary: `The host name ${host} could not be resolved (DNS)`,
      remedy:
        'Check the instance name for typos; if the instance is only reachable on a VPN, connect to it; behind a proxy, set the proxy option',
    };
  }
  if (code === 'ECONNREFUSED') {
    return {
      summary: `${host} refused the connection`,
      remedy: 'Check the host and port; a firewall or a required proxy may be blocking it (set the proxy option)',
    };
  }
  if (isCertificateCode(code)) {
    return {
      summary: `The TLS certificate of ${host} is not trusted (${code})`,
      remedy:
        "If your network inspects TLS, pass your organisation's root certificate with the ca option; otherwise check the host name",
    };
  }
  if (error.code === 'SN_TIMEOUT') {
    return {
      summary: `Timed out connecting to ${host}`,
      remedy: 'Check the VPN, proxy and firewall; the instance may be down',
    };
  }
  return {
    summary: `Could not connect to ${host}${code ? ` (${code})` : ''}`,
    remedy: 'Check the network, VPN and proxy settings',
  };
}
