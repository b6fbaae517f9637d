/**
 * The Host values the console answers to. Checking Host defeats DNS rebinding: a page on evil.example
 * that re-resolves its name to 127.0.0.1 still sends `Host: evil.example`.
 */
export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** The origins a browser may send for same-origin requests to the console. */
export function allowedOrigins(port: number): readonly string[] {
  return allowedHosts(port).map((host) => `http://${host}`);
}

/** True if the Host header names this console exactly (case-insensitive host, exact port). */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  return allowedHosts(port).includes(hostHeader.toLowerCase());
}
