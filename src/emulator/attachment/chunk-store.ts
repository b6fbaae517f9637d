import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/** Bytes per stored chunk: about ServiceNow's own sys_attachment_doc chunk size. */
export const CHUNK_BYTES = 512 * 1024;

/** The largest attachment the emulator accepts (ServiceNow's com.glide.attachment.max_size default, 1 GiB). */
export const MAX_ATTACHMENT_BYTES = 1024 * 1024 * 1024;

/**
 * Creates the chunk table if missing. It is outside the schema registry (not visible through the Table API):
 * rows are raw BLOBs keyed by (sys_attachment, position), where position counts chunks from 0.
 */
export function ensureChunkTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS "sys_attachment_doc" (
    "sys_attachment" TEXT NOT NULL, "position" INTEGER NOT NULL, "data" BLOB NOT NULL,
    PRIMARY KEY ("sys_attachment", "position"))`);
}

/** What a finished write reports. */
export interface WrittenFile {
  readonly sizeBytes: number;
  /** SHA-256 of the content, lowercase hex. */
  readonly hash: string;
}

/** Thrown by a chunk writer when the content exceeds {@link MAX_ATTACHMENT_BYTES}. */
export class AttachmentTooLargeError extends Error {
  constructor(readonly sizeBytes: number) {
    super(`Attachment exceeds ${MAX_ATTACHMENT_BYTES} bytes`);
  }
}

/** Writes one attachment's bytes as fixed-size chunks, holding at most one chunk in memory. */
export interface ChunkWriter {
  write(bytes: Uint8Array): void;
  finish(): WrittenFile;
  /** Removes every chunk written so far (failed or refused upload). */
  abort(): void;
}

/**
 * Starts writing chunks for an attachment id. Chunks are invisible until the sys_attachment row is inserted
 * (the caller does that after finish()), so a half-written upload is never listed or served.
 */
export function createChunkWriter(db: Database.Database, attachmentId: string): ChunkWriter {
  const insert = db.prepare(`INSERT INTO "sys_attachment_doc" ("sys_attachment","position","data") VALUES (?,?,?)`);
  const hash = createHash('sha256');
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let filled = 0;
  let position = 0;
  let size = 0;
  const flush = (): void => {
    if (filled === 0) return;
    insert.run(attachmentId, position, chunk.subarray(0, filled));
    position += 1;
    filled = 0;
    chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  };
  return {
    write(bytes) {
      size += bytes.byteLength;
      if (size > MAX_ATTACHMENT_BYTES) throw new AttachmentTooLargeError(size);
      hash.update(bytes);
      let offset = 0;
      while (offset < bytes.byteLength) {
        const take = Math.min(CHUNK_BYTES - filled, bytes.byteLength - offset);
        chunk.set(bytes.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === CHUNK_BYTES) flush();
      }
    },
    finish() {
      flush();
      return { sizeBytes: size, hash: hash.digest('hex') };
    },
    abort() {
      deleteChunks(db, attachmentId);
    },
  };
}

/** Deletes every chunk of an attachment. */
export function deleteChunks(db: Database.Database, attachmentId: string): void {
  db.prepare(`DELETE FROM "sys_attachment_doc" WHERE "sys_attachment" = ?`).run(attachmentId);
}

/**
 * The attachment's bytes as a web stream that reads one chunk per pull, so a download never holds the file
 * in memory. A chunk that vanished mid-download (attachment deleted) errors the stream, which cuts the
 * response short of its Content-Length: the client sees a truncated body, never a silently short file.
 */
export function readChunks(db: Database.Database, attachmentId: string): ReadableStream<Uint8Array> {
  const select = db.prepare(`SELECT "data" FROM "sys_attachment_doc" WHERE "sys_attachment" = ? AND "position" = ?`);
  const count = db.prepare(`SELECT count(*) AS n FROM "sys_attachment_doc" WHERE "sys_attachment" = ?`);
  let position = 0;
  let total: number | undefined;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        total ??= (count.get(attachmentId) as { n: number }).n;
        if (position >= total) {
          controller.close();
          return;
        }
        const row = select.get(attachmentId, position) as { data: Buffer } | undefined;
        if (!row) {
          controller.error(new Error('attachment content removed during download'));
          return;
        }
        position += 1;
        controller.enqueue(new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength));
      },
    },
    { highWaterMark: 1 },
  );
}
