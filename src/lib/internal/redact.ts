/** Header names whose values are always masked. */
const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-mfa_token']);
/** Parameter / JSON key names whose values are always masked. */
const SENSITIVE_KEYS = ['access_token', 'refresh_token', 'client_secret', 'password', 'code_verifier', 'code'];
const MASK = '[REDACTED]';

const keyValuePattern = new RegExp(`\\b(${SENSITIVE_KEYS.join('|')})=([^&\\s"']+)`, 'gi');
const jsonPattern = new RegExp(
  `"(${SENSITIVE_KEYS.filter((k) => k !== 'code').join('|')}|user_password)"\\s*:\\s*"(?:[^"\\\\]|\\\\.)*"`,
  'gi',
);

/** Masks secrets in text, URLs and headers. Built per client from the auth strategy's `secrets()`. */
export interface Redactor {
  text(value: string): string;
  url(value: string): string;
  headers(headers: Headers | Record<string, string>): Record<string, string>;
}

/**
 * Creates a redactor. `secrets` is called every time, because an OAuth strategy's access token changes after a
 * refresh and the new one must be masked too.
 */
export function createRedactor(secrets: () => readonly string[] = () => []): Redactor {
  const text = (value: string): string => {
    let out = value.replace(keyValuePattern, (_m, key: string) => `${key}=${MASK}`);
    out = out.replace(jsonPattern, (_m, key: string) => `"${key}":"${MASK}"`);
    // Longest first, so a secret that contains another is masked whole.
    const list = [...secrets()].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
    for (const secret of list) {
      out = out.split(secret).join(MASK);
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) out = out.split(encoded).join(MASK);
    }
    return out;
  };
  const url = (value: string): string => {
    try {
      const parsed = new URL(value);
      if (parsed.username) parsed.username = MASK;
      if (parsed.password) parsed.password = MASK;
      return text(parsed.toString());
    } catch {
      return text(value);
    }
  };
  const headers = (input: Headers | Record<string, string>): Record<string, string> => {
    const out: Record<string, string> = {};
    const put = (value: string, name: string): void => {
      out[name] = SENSITIVE_HEADERS.has(name.toLowerCase()) ? MASK : text(value);
    };
    if (input instanceof Headers) input.forEach(put);
    else for (const [name, value] of Object.entries(input)) put(value, name);
    return out;
  };
  return { text, url, headers };
}
