import { errorResponse } from './envelope.js';
import { readBody, tooLargeDetail } from './read-body.js';

/** A JSON object body. */
export type JsonObject = Record<string, unknown>;

export const isJsonObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ParseJsonObjectOptions {
  /** The detail when the body is valid JSON but not an object. */
  readonly notObject?: string;
  /** An array stands for its first record (Table API writes, reference §1.2). */
  readonly firstOfArray?: boolean;
}

/** Parses a body that must be a JSON object (an empty body is `{}`): the object, or the error detail. */
export function parseJsonObject(text: string, options: ParseJsonObjectOptions = {}): JsonObject | string {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'The payload is not valid JSON.';
  }
  if (options.firstOfArray === true && Array.isArray(parsed)) parsed = parsed[0] ?? {};
  return isJsonObject(parsed) ? parsed : (options.notObject ?? 'The payload must be a JSON object.');
}

/**
 * Reads a request body that must be a JSON object (an empty body is `{}`): the parsed object, or the
 * ServiceNow error envelope to answer with (413 over the payload limit, 400 for bad JSON or a non-object).
 */
export async function readJsonObject(request: Request): Promise<JsonObject | Response> {
  const read = await readBody(request);
  if (!read.ok) return errorResponse(413, 'Exception while reading request', tooLargeDetail(read.tooLarge));
  const parsed = parseJsonObject(read.text);
  return typeof parsed === 'string' ? errorResponse(400, 'Exception while reading request', parsed) : parsed;
}
