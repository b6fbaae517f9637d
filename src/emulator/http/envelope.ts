import { randomBytes } from 'node:crypto';

/** The JSON content type ServiceNow sends (reference §1.2). */
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** Headers every ServiceNow API response carries (reference §1.5 "Other real headers"). */
export function baseHeaders(): Record<string, string> {
  return {
    'Content-Type': JSON_CONTENT_TYPE,
    'Cache-Control': 'no-cache,no-store,must-revalidate,max-age=-1',
    Pragma: 'no-store,no-cache',
    Expires: '0',
    'X-Is-Logged-In': 'true',
    'X-Transaction-ID': randomBytes(6).toString('hex'),
    Server: 'ServiceNow',
  };
}

/** The §2 failure envelope as a JSON string. */
export function errorBody(message: string, detail: string | null): string {
  return JSON.stringify({ error: { message, detail }, status: 'failure' });
}

/** A Fetch Response in the ServiceNow error envelope. */
export function errorResponse(
  status: number,
  message: string,
  detail: string | null,
  extraHeaders: Record<string, string> = {},
): Response {
  const headers = { ...baseHeaders(), ...extraHeaders };
  if (status === 401) headers['X-Is-Logged-In'] = 'false';
  return new Response(errorBody(message, detail), { status, headers });
}

/** A JSON Response with the ServiceNow headers; body null for HEAD or X-no-response-body. */
export function jsonResponse(status: number, body: string | null, extraHeaders: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { ...baseHeaders(), ...extraHeaders } });
}

/** The 401 answer (reference §2, §4.1); Bearer attempts get a Bearer challenge. */
export function unauthenticated(kind: 'basic' | 'bearer'): Response {
  return errorResponse(401, 'User is not authenticated', 'Required to provide Auth information', {
    'WWW-Authenticate': `${kind === 'bearer' ? 'Bearer' : 'Basic'} realm="Service-now"`,
  });
}
