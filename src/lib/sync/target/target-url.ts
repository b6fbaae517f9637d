/** The URL with its password (and any `password=` parameter) replaced by `***`, for messages and status. */
export function redactDatabaseUrl(url: string): string {
  if (url.startsWith('sqlite:')) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass|secret|key/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    // Not parseable: show only the scheme, since the rest may hold a password in an unknown place.
    return `${url.split(':')[0] ?? 'database'}://…`;
  }
}
