import { errorResponse } from './envelope.js';
import { readBody, tooLargeDetail } from './read-body.js';

/** A JSON object body. */
export type JsonObject = Record<string, unknown>;

export const isJsonObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a request body that must be a JSON object (an empty body is `{}`): the parsed object, or the
 * ServiceNow error envelope to answer with (413 over the payload limit, 400 for bad JSON or a non-object).
 */
export async function readJsonObject(request: Request): Promise<JsonObject | Response> {
  const read = await readBody(request);
  if (!read.ok) return errorResponse(413, 'Exception while reading request', tooLargeDetail(read.tooLarge));
  if (read.text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.text);
  } catch {
    return errorResponse(400, 'Exception while reading request', 'The payload is not valid JSON.');
  }
  if (!isJsonObject(parsed)) {
    return errorResponse(400, 'Exception while reading request', 'The payload must be a JSON object.');
  }
  return parsed;
}
