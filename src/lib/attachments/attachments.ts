import type { Readable } from 'node:stream';
import { ConfigError } from '../errors/config-error.js';
import { ResponseError } from '../errors/response-error.js';
import type { QueryBuilder } from '../query.js';
import { assertSysId, assertTable } from '../table-params.js';
import { callOptions, type CallOptions } from '../call-options.js';
import type { Transport } from '../transport/transport.js';
import { AttachmentList } from './attachment-list.js';
import { resultOf, toAttachmentMetadata, utf8HeaderText, type AttachmentMetadata } from './attachment-metadata.js';
import { toDownloadStream } from './download-stream.js';

/** Options for {@link Attachments.list}. */
export interface AttachmentListParams extends CallOptions {
  /** Only attachments of records in this table (`table_name`). */
  readonly tableName?: string;
  /** Only attachments of this record (`table_sys_id`). */
  readonly tableSysId?: string;
  /** An encoded query over sys_attachment, ANDed with the above. */
  readonly query?: string | QueryBuilder;
  /** `sysparm_limit`, 1–1000: the page size (default 1000, the API's own). */
  readonly limit?: number;
  readonly offset?: number;
}

/** Options for {@link Attachments.upload}. */
export interface AttachmentUploadParams extends CallOptions {
  readonly tableName: string;
  readonly tableSysId: string;
  readonly fileName: string;
  /** The file's media type; default application/octet-stream. */
  readonly contentType?: string;
  /**
   * The content. Bytes are sent as they are and may be retried. A stream (Node Readable or any async
   * iterable of bytes) is sent without buffering and therefore attempted once: a failure is not retried,
   * and an OAuth 401 is not replayed.
   */
  readonly body: Uint8Array | Readable | AsyncIterable<Uint8Array>;
  /** Byte length of a stream body, sent as Content-Length when given (e.g. from fs.stat). */
  readonly size?: number;
  /**
   * Per-attempt timeout. For a stream body it restarts with every chunk sent, so it bounds a stall rather
   * than the whole transfer: a large file on a slow link does not time out while bytes keep moving.
   */
  readonly timeoutMs?: number;
}

/** A download in progress: the metadata and the content as a stream that must be consumed or destroyed. */
export interface AttachmentDownload {
  readonly metadata: AttachmentMetadata;
  /** The bytes, pulled from the network as they are read. Errors are ServiceNowErrors (truncated, aborted). */
  readonly stream: Readable;
}

/** What the attachment API needs from the client. */
export interface AttachmentsContext {
  readonly transport: Transport;
  readonly instanceUrl: string;
}

/** The Attachment API (`/api/now/attachment`): metadata queries and streamed upload and download. */
export interface Attachments {
  /**
   * Attachment metadata: `await` for one page, `for await` for every match (see {@link AttachmentList}).
   * @example
   * for await (const a of sn.attachments.list({ tableName: 'incident', tableSysId })) console.log(a.fileName);
   */
  list(params?: AttachmentListParams): AttachmentList;
  /** @throws {NotFoundError} when it does not exist or an ACL hides its record. */
  get(sysId: string, options?: CallOptions): Promise<AttachmentMetadata>;
  /**
   * Starts a download; resolves once the headers arrived. The per-attempt timeout covers only that part.
   * @example
   * const { metadata, stream } = await sn.attachments.download(id);
   * await pipeline(stream, createWriteStream(metadata.fileName));
   */
  download(sysId: string, options?: CallOptions): Promise<AttachmentDownload>;
  /**
   * Uploads a file to a record (`POST /attachment/file`).
   * @throws {NotFoundError} when the record does not exist; {@link PermissionDeniedError} without write access.
   * @example
   * const meta = await sn.attachments.upload({ tableName: 'incident', tableSysId, fileName: 'log.txt',
   *   contentType: 'text/plain', body: createReadStream('log.txt'), size: (await stat('log.txt')).size });
   */
  upload(params: AttachmentUploadParams): Promise<AttachmentMetadata>;
  /** Deletes an attachment. @throws {NotFoundError} when it does not exist. */
  delete(sysId: string, options?: CallOptions): Promise<void>;
}

function checkLimit(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
    throw new ConfigError(`Invalid ${name} ${value}`, `Use an integer from ${min} to ${max}`);
  }
}

/** Creates the attachment API of a client. */
export function createAttachments(ctx: AttachmentsContext): Attachments {
  const base = `${ctx.instanceUrl}/api/now/attachment`;
  const url = (path: string, params?: URLSearchParams): string =>
    `${base}${path}${params && params.size > 0 ? `?${params.toString()}` : ''}`;

  async function get(sysId: string, options: CallOptions = {}): Promise<AttachmentMetadata> {
    const res = await ctx.transport.send({
      method: 'GET',
      url: url(`/${assertSysId(sysId)}`),
      ...callOptions(options),
    });
    return toAttachmentMetadata(resultOf(res.body, 'attachment'));
  }

  return {
    get,

    list(params = {}) {
      const limit = params.limit ?? 1000;
      // Checked on the first fetch, so a bad value rejects the awaited list like any other failure.
      const page = async (offset: number): Promise<AttachmentMetadata[]> => {
        checkLimit('limit', params.limit, 1, 1000);
        checkLimit('offset', params.offset, 0, Number.MAX_SAFE_INTEGER);
        const terms: string[] = [];
        if (params.tableName !== undefined) terms.push(`table_name=${assertTable(params.tableName)}`);
        if (params.tableSysId !== undefined) terms.push(`table_sys_id=${assertSysId(params.tableSysId)}`);
        const query = params.query === undefined ? '' : params.query.toString();
        if (query !== '') terms.push(query);
        const search = new URLSearchParams();
        if (terms.length > 0) search.set('sysparm_query', terms.join('^'));
        search.set('sysparm_limit', String(limit));
        if (offset > 0) search.set('sysparm_offset', String(offset));
        const res = await ctx.transport.send({ method: 'GET', url: url('', search), ...callOptions(params) });
        const result = resultOf(res.body, 'attachment list');
        if (!Array.isArray(result)) throw new ResponseError('The attachment list "result" is not an array');
        return result.map(toAttachmentMetadata);
      };
      return new AttachmentList(page, params.offset ?? 0, limit);
    },

    async download(sysId, options = {}) {
      const target = url(`/${assertSysId(sysId)}/file`);
      const res = await ctx.transport.send({
        method: 'GET',
        url: target,
        headers: { accept: '*/*' },
        responseType: 'stream',
        ...callOptions(options),
      });
      const body = res.stream ?? new Blob([]).stream();
      const header = res.headers.get('x-attachment-metadata');
      let metadata: AttachmentMetadata;
      try {
        metadata =
          header === null
            ? await get(sysId, options)
            : toAttachmentMetadata(JSON.parse(utf8HeaderText(header)) as unknown);
      } catch (error) {
        await body.cancel().catch(() => undefined);
        if (error instanceof SyntaxError)
          throw new ResponseError('X-Attachment-Metadata is not JSON', { cause: error });
        throw error;
      }
      return { metadata, stream: toDownloadStream(body, `GET ${target}`, options.signal) };
    },

    async upload(params) {
      const search = new URLSearchParams({
        table_name: assertTable(params.tableName),
        table_sys_id: assertSysId(params.tableSysId),
        file_name: params.fileName,
      });
      if (typeof params.fileName !== 'string' || params.fileName.trim() === '') {
        throw new ConfigError('The file name is empty', 'Pass fileName, e.g. the base name of the file');
      }
      checkLimit('size', params.size, 0, Number.MAX_SAFE_INTEGER);
      const bytes = params.body instanceof Uint8Array;
      const length = bytes ? params.body.byteLength : params.size;
      const res = await ctx.transport.send({
        method: 'POST',
        url: url('/file', search),
        rawBody: {
          data: params.body,
          contentType: params.contentType ?? 'application/octet-stream',
          ...(length === undefined ? {} : { length }),
        },
        ...callOptions(params),
      });
      return toAttachmentMetadata(resultOf(res.body, 'attachment upload'));
    },

    async delete(sysId, options = {}) {
      await ctx.transport.send({ method: 'DELETE', url: url(`/${assertSysId(sysId)}`), ...callOptions(options) });
    },
  };
}
