import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Command } from 'commander';
import { parseLinkHeader } from '../../lib/pagination.js';
import type { ServiceNowClient } from '../../lib/client.js';
import type { ApiResponse } from '../../lib/request/request.js';
import { usageError } from '../cli-error.js';
import { openClient } from '../client-factory.js';
import type { CliContext } from '../context.js';
import { collect } from '../options.js';
import { parseField, parseHeaders, readJsonInput, type FieldPair } from './api-input.js';

interface ApiFlags {
  method?: string;
  rawField?: string[];
  field?: string[];
  header?: string[];
  input?: string;
  paginate?: boolean;
  include?: boolean;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

/** `api/now/…`, `/api/now/…` or a URL; a bare path gets its leading slash. */
const normalizePath = (path: string): string =>
  /^[a-z]+:\/\//i.test(path) || path.startsWith('/') ? path : `/${path}`;

/** The request the flags describe: method, query and body. */
async function buildRequest(ctx: CliContext, flags: ApiFlags) {
  const fields: FieldPair[] = [
    ...(flags.rawField ?? []).map((f) => parseField(f, false)),
    ...(flags.field ?? []).map((f) => parseField(f, true)),
  ];
  // sysparm_* are always query parameters (that is where ServiceNow reads them); other fields make a body.
  const params = fields.filter((f) => f.key.startsWith('sysparm_'));
  const others = fields.filter((f) => !f.key.startsWith('sysparm_'));
  const hasBody = flags.input !== undefined || others.length > 0;
  const method = (flags.method ?? (hasBody && !flags.paginate ? 'POST' : 'GET')).toUpperCase();
  if (!METHODS.includes(method))
    throw usageError(`unknown method '${flags.method ?? ''}'`, `use ${METHODS.join(', ')}`);
  if (flags.paginate && method !== 'GET') throw usageError('--paginate works with GET only', 'drop -X or use -X GET');
  if ((method === 'GET' || method === 'HEAD') && flags.input !== undefined)
    throw usageError(`--input sends a body, which ${method} does not take`, 'use -X POST, PUT or PATCH');
  // As with gh api: other fields are query parameters on GET, HEAD and DELETE, and with --input (the body).
  const othersAsQuery = method === 'GET' || method === 'HEAD' || method === 'DELETE' || flags.input !== undefined;
  const query: Record<string, string> = {};
  for (const f of othersAsQuery ? fields : params) query[f.key] = f.value === null ? '' : String(f.value);
  let body: unknown = othersAsQuery ? undefined : Object.fromEntries(others.map((f) => [f.key, f.value]));
  if (flags.input !== undefined) body = await readJsonInput(flags.input, ctx.io.cwd, ctx.io.stdin);
  return { method, query, body, headers: parseHeaders(flags.header) };
}

function writeHead(ctx: CliContext, status: number, headers: Headers | Readonly<Record<string, string>>): void {
  const lines = [`HTTP ${status}`];
  // undici's Headers is not the global class, so test the shape rather than instanceof.
  if (typeof headers.forEach === 'function')
    (headers as Headers).forEach((value, name) => lines.push(`${name}: ${value}`));
  else for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  ctx.out(`${lines.join('\n')}\n\n`);
}

/** Follows `Link: rel="next"` and writes each page's `result` records as NDJSON. */
async function paginate(
  ctx: CliContext,
  sn: ServiceNowClient,
  path: string,
  req: Awaited<ReturnType<typeof buildRequest>> & { readonly headersOut: boolean },
) {
  let next: string | undefined = path;
  let first = true;
  let records = 0;
  while (next !== undefined) {
    const res: ApiResponse = await sn.request(req.method, next, {
      ...(first ? { query: req.query } : {}),
      headers: req.headers,
      ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
    });
    if (ctx.io.signal?.aborted) break;
    const body = res.body as { result?: unknown } | undefined;
    if (!Array.isArray(body?.result)) {
      throw usageError('--paginate needs a list answer ({"result":[…]})', 'drop --paginate for this endpoint');
    }
    if (first && req.headersOut) writeHead(ctx, res.status, res.headers);
    for (const record of body.result) ctx.out(`${JSON.stringify(record)}\n`);
    records += body.result.length;
    next = body.result.length === 0 ? undefined : parseLinkHeader(res.headers.get('link')).next;
    first = false;
  }
  ctx.note(`${records} records`);
}

export function registerApiCommand(program: Command, ctx: CliContext): void {
  program
    .command('api <path>')
    .description('call any endpoint of the instance (scripted REST APIs, APIs without a command), like gh api')
    .option('-X, --method <method>', 'HTTP method (default GET, or POST with fields or --input)')
    .option(
      '-f, --raw-field <key=value>',
      'a string field: sysparm_* and fields on GET are query parameters, others a JSON body (POST by default)',
      collect,
    )
    .option('-F, --field <key=value>', 'a typed field: true, false, null and numbers become JSON values', collect)
    .option('-H, --header <name:value>', 'an extra request header (credentials come from the connection)', collect)
    .option('--input <file>', 'the JSON request body from a file, or - for stdin (fields become query parameters)')
    .option('--paginate', 'follow Link rel="next" and print every page\'s records as NDJSON')
    .option('-i, --include', 'print the status line and response headers before the body')
    .addHelpText(
      'after',
      `
Relative paths resolve against the connection's instance; auth, retries, TLS and proxy are the connection's.
The JSON answer goes to stdout; errors get the usual exit codes (the error body too, with --include).

Examples:
  $ nowrest api /api/x_demo/ops/status
  $ nowrest api /api/x_demo/ops/incidents/1 --paginate -f sysparm_limit=10
  $ nowrest api /api/now/table/incident -f sysparm_limit=1 --include
  $ nowrest api /api/now/table/incident -f short_description="Disk full" -F impact=2
  $ echo '{"items":[1,2]}' | nowrest api /api/x_demo/ops/orders --input -`,
    )
    .action(async (path: string, flags: ApiFlags, cmd: Command) => {
      ctx.errorContext.notFoundRemedy = `nothing answers at ${path}: check the path (and the API's namespace and version)`;
      const req = { ...(await buildRequest(ctx, flags)), headersOut: flags.include === true };
      const target = normalizePath(path);
      const { sn, globals } = await openClient(ctx, cmd);
      try {
        if (flags.paginate) return await paginate(ctx, sn, target, req);
        const res = await sn
          .request(req.method, target, {
            query: req.query,
            headers: req.headers,
            ...(req.body === undefined ? {} : { body: req.body }),
            ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
            responseType: 'stream',
          })
          .catch((error: unknown) => {
            if (flags.include) writeError(ctx, error);
            throw error;
          });
        if (flags.include) writeHead(ctx, res.status, res.headers);
        await writeBody(ctx, res.stream, res.headers.get('content-type') ?? '', globals.json);
      } finally {
        await sn.close();
      }
    });
}

/**
 * The answer as it came: bytes piped to stdout (a file download stays binary, a large list is not buffered),
 * except JSON for a person on a terminal, which is indented. A JSON body gets a final newline.
 */
async function writeBody(ctx: CliContext, stream: ReadableStream<Uint8Array>, type: string, json: boolean) {
  const isJson = /\bjson\b/i.test(type);
  if (isJson && ctx.io.isTTY.stdout && !json) {
    const text = await new Response(stream).text();
    if (text.trim() === '') return;
    ctx.out(`${JSON.stringify(JSON.parse(text) as unknown, null, 2)}\n`);
    return;
  }
  let last = 0x0a;
  let any = false;
  await pipeline(
    Readable.fromWeb(stream as NodeReadableStream<Uint8Array>),
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        if (chunk.length > 0) {
          any = true;
          last = chunk[chunk.length - 1] ?? last;
        }
        yield chunk;
      }
    },
    ctx.io.stdout,
    { end: false },
  );
  if (isJson && any && last !== 0x0a) ctx.out('\n');
}

/** With --include, an error answer's status, headers and body go to stdout too (as gh api does). */
function writeError(ctx: CliContext, error: unknown): void {
  const e = error as { status?: unknown; headers?: unknown; body?: unknown };
  if (typeof e.status !== 'number' || typeof e.headers !== 'object' || e.headers === null) return;
  writeHead(ctx, e.status, e.headers as Record<string, string>);
  if (e.body !== undefined) ctx.out(`${JSON.stringify(e.body)}\n`);
}
