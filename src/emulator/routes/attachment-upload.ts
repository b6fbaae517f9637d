import type { Caller } from '../auth/caller.js';
import { AttachmentTooLargeError, MAX_ATTACHMENT_BYTES, createChunkWriter } from '../attachment/chunk-store.js';
import { attachmentMetadata } from '../attachment/metadata.js';
import { multipartBoundary, parseMultipart } from '../attachment/multipart.js';
import { saveAttachmentRow, type UploadedFile } from '../attachment/save.js';
import { resolveTarget, type AttachmentTarget } from '../attachment/target.js';
import type { EmulatorContext } from '../context.js';
import { errorResponse, jsonResponse } from '../http/envelope.js';
import { randomId } from '../store/ids.js';

/** What the upload handlers need from the request. */
export interface UploadRequest {
  readonly ctx: EmulatorContext;
  readonly caller: Caller;
  readonly request: Request;
  readonly search: URLSearchParams;
  /** `${origin}/api/now/[v1/]attachment/` */
  readonly attachmentBase: string;
}

const tooLarge = (size: number): Response =>
  errorResponse(
    413,
    'Exception while reading request',
    `Attachment of ${size} bytes or more exceeds the maximum of ${MAX_ATTACHMENT_BYTES} bytes`,
  );

function created(req: UploadRequest, row: Record<string, string>): Response {
  const metadata = attachmentMetadata(row, req.attachmentBase);
  return jsonResponse(201, JSON.stringify({ result: metadata }), {
    // As an instance answers (a captured upload): the Location is the content, /attachment/<id>/file.
    Location: `${req.attachmentBase}${row.sys_id ?? ''}/file`,
  });
}

/** Streams `source` into chunks under a new id; on any failure the chunks written so far are removed. */
async function store(
  req: UploadRequest,
  target: AttachmentTarget,
  file: UploadedFile,
  pump: (write: (bytes: Uint8Array) => void) => Promise<string | undefined>,
): Promise<Response> {
  const id = randomId();
  const writer = createChunkWriter(req.ctx.db, id);
  try {
    const refusal = await pump((bytes) => writer.write(bytes));
    if (refusal !== undefined) {
      writer.abort();
      return errorResponse(400, 'Failed to create the attachment', refusal);
    }
    const written = writer.finish();
    return created(req, saveAttachmentRow(req.ctx, req.caller, id, target, file, written));
  } catch (error) {
    writer.abort();
    if (error instanceof AttachmentTooLargeError) return tooLarge(error.sizeBytes);
    // The client went away or the body broke off: nothing was stored, and nobody is left to read an answer.
    return errorResponse(400, 'Exception while reading request', 'The request body could not be read completely');
  }
}

/**
 * POST /attachment/file?table_name&table_sys_id&file_name: the body is the file and its Content-Type is the
 * file's type (mandatory, reference §6).
 */
export async function uploadRaw(req: UploadRequest): Promise<Response> {
  const fileName = req.search.get('file_name') ?? '';
  const target = resolveTarget(
    req.ctx,
    req.caller,
    req.search.get('table_name') ?? undefined,
    req.search.get('table_sys_id') ?? undefined,
  );
  if (target instanceof Response) return target;
  if (fileName.trim() === '')
    return errorResponse(400, 'Missing parameter: file_name', 'Send file_name with the name to store the file under');
  const contentType = req.request.headers.get('content-type') ?? '';
  if (contentType.trim() === '')
    return errorResponse(400, 'Missing Content-Type', "Send the file's media type in the Content-Type header");
  const declared = Number(req.request.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > MAX_ATTACHMENT_BYTES) return tooLarge(declared);
  const body = req.request.body;
  return store(req, target, { fileName, contentType }, async (write) => {
    if (!body) return undefined;
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return undefined;
      write(value);
    }
  });
}

/**
 * POST /attachment/upload: multipart/form-data with table_name and table_sys_id fields and the file as the
 * last part (its Content-Type taken from the part). A multipart Content-Type without a boundary (what pysnow
 * sends) is a 400, never a crash.
 */
export async function uploadMultipart(req: UploadRequest): Promise<Response> {
  const boundary = multipartBoundary(req.request.headers.get('content-type') ?? undefined);
  if (boundary === undefined) {
    return errorResponse(
      400,
      'Failed to create the attachment. File part might be missing in the request.',
      'Send Content-Type multipart/form-data with a boundary parameter, and the file as the last part',
    );
  }
  const body = req.request.body;
  if (!body)
    return errorResponse(
      400,
      'Failed to create the attachment. File part might be missing in the request.',
      'The request has no body',
    );
  let target: AttachmentTarget | undefined;
  let file: UploadedFile | undefined;
  let refusedWith: Response | undefined;
  const id = randomId();
  const writer = createChunkWriter(req.ctx.db, id);
  try {
    const result = await parseMultipart(body, boundary, {
      onFile(fields, part) {
        const resolved = resolveTarget(req.ctx, req.caller, fields.get('table_name'), fields.get('table_sys_id'));
        if (resolved instanceof Response) {
          refusedWith = resolved;
          return 'refused';
        }
        target = resolved;
        file = { fileName: part.fileName, contentType: part.contentType };
        return undefined;
      },
      onData: (bytes) => writer.write(bytes),
    });
    if (refusedWith) return refusedWith;
    if (!result.ok || !target || !file) {
      writer.abort();
      return errorResponse(400, 'Failed to create the attachment', result.ok ? 'No file part' : result.message);
    }
    return created(req, saveAttachmentRow(req.ctx, req.caller, id, target, file, writer.finish()));
  } catch (error) {
    writer.abort();
    if (error instanceof AttachmentTooLargeError) return tooLarge(error.sizeBytes);
    return errorResponse(400, 'Exception while reading request', 'The request body could not be read completely');
  }
}
