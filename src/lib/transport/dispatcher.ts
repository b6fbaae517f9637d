import type { Dispatcher } from 'undici';
import { loadedUndici } from './undici.js';

/** TLS and pooling options for the default dispatcher. */
export interface DispatcherOptions {
  /** An HTTP(S) proxy URL, e.g. `http://proxy.corp:3128`. */
  readonly proxy?: string | undefined;
  /** Hosts that bypass the proxy (NO_PROXY syntax: `host`, `host:port`, `.suffix`, `*`, comma-separated). */
  readonly noProxy?: string | undefined;
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
 * The client's own pool, built on its first request, so `createClient()` never loads undici (ADR 0009). Every
 * request path awaits loadUndici() before undici's fetch or request calls `dispatch` here. It implements what they
 * call (`dispatch`) and what the client calls (`close`, `destroy`); nothing else reaches it.
 */
class PoolOnFirstUse {
  #pool: Dispatcher | undefined;
  #closed = false;

  constructor(private readonly build: () => Dispatcher) {}

  #get(): Dispatcher {
    if (this.#pool === undefined) {
      this.#pool = this.build();
      // Closed before its first request: it answers as a closed undici pool does.
      if (this.#closed) void this.#pool.close();
    }
    return this.#pool;
  }

  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.#get().dispatch(options, handler);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#pool?.close();
  }

  async destroy(): Promise<void> {
    this.#closed = true;
    await this.#pool?.destroy();
  }
}

/**
 * An undici keep-alive pool, or, when a proxy is set, undici's EnvHttpProxyAgent given the proxy and the NO_PROXY
 * list explicitly (so it reads nothing from the environment), built on first use. One dispatcher per client, so
 * TLS settings never leak between connections.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  // Only dispatch/close/destroy are ever called on it (see PoolOnFirstUse).
  return new PoolOnFirstUse(() => buildPool(options)) as unknown as Dispatcher;
}

function buildPool(options: DispatcherOptions): Dispatcher {
  const { Agent, EnvHttpProxyAgent } = loadedUndici();
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
    return new EnvHttpProxyAgent({
      httpProxy: options.proxy,
      httpsProxy: options.proxy,
      noProxy: options.noProxy ?? '',
      // The direct agent takes `connect`, the proxy agents `requestTls` and `proxyTls`.
      connect: { ...tls, timeout: connectTimeout },
      requestTls: { ...tls, timeout: connectTimeout },
      proxyTls: { timeout: connectTimeout },
      ...common,
    });
  }
  return new Agent({ connect: { ...tls, timeout: connectTimeout }, ...common });
}
