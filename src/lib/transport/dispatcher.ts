import { Agent, ProxyAgent, type Dispatcher } from 'undici';

/** TLS and pooling options for the default dispatcher. */
export interface DispatcherOptions {
  /** An HTTP(S) proxy URL, e.g. `http://proxy.corp:3128`. */
  readonly proxy?: string | undefined;
  /** Extra trusted CA certificate(s), PEM. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[] | undefined;
  /** Client certificate and key (PEM) for mutual TLS. */
  readonly cert?: string | Buffer | undefined;
  readonly key?: string | Buffer | undefined;
  readonly rejectUnauthorized?: boolean | undefined;
  readonly connectTimeoutMs?: number | undefined;
  readonly headersTimeoutMs?: number | undefined;
  readonly bodyTimeoutMs?: number | undefined;
  readonly connections?: number | undefined;
}

/**
 * Builds an undici keep-alive pool, or a ProxyAgent when a proxy is set. One dispatcher per client, so TLS
 * settings never leak between connections.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const tls = {
    ...(options.ca === undefined ? {} : { ca: options.ca as string | Buffer | (string | Buffer)[] }),
    ...(options.cert === undefined ? {} : { cert: options.cert }),
    ...(options.key === undefined ? {} : { key: options.key }),
    rejectUnauthorized: options.rejectUnauthorized ?? true,
  };
  const common = {
    headersTimeout: options.headersTimeoutMs ?? 60_000,
    bodyTimeout: options.bodyTimeoutMs ?? 60_000,
    keepAliveTimeout: 10_000,
    ...(options.connections === undefined ? {} : { connections: options.connections }),
  };
  const connectTimeout = options.connectTimeoutMs ?? 10_000;
  if (options.proxy) {
    return new ProxyAgent({
      uri: options.proxy,
      requestTls: { ...tls, timeout: connectTimeout },
      proxyTls: { timeout: connectTimeout },
      ...common,
    });
  }
  return new Agent({ connect: { ...tls, timeout: connectTimeout }, ...common });
}
