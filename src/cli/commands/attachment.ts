import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { AttachmentMetadata } from '../../lib/attachments/attachment-metadata.js';
import type { AttachmentListParams } from '../../lib/attachments/attachments.js';
import { CliError, usageError } from '../cli-error.js';
import { withClient } from '../with-client.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { formatOption, pickFormat, positiveInt } from '../options.js';
import { formatTable } from '../output/record-format.js';
import { createProgress } from '../output/progress.js';
import { openSink } from '../output/sink.js';

/** Media types guessed from common extensions; anything else is sent as application/octet-stream. */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.html': 'text/html',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
};

const COLUMNS = ['sys_id', 'file_name', 'content_type', 'size_bytes', 'table_name', 'table_sys_id', 'sys_created_on'];

const row = (m: AttachmentMetadata): Record<string, string> => ({
  sys_id: m.sysId,
  file_name: m.fileName,
  content_type: m.contentType,
  size_bytes: String(m.sizeBytes),
  table_name: m.tableName,
  table_sys_id: m.tableSysId,
  sys_created_on: m.createdOn,
});

interface ListFlags {
  table?: string;
  record?: string;
  query?: string;
  limit?: number;
  offset?: string;
  format?: string;
}

/** A byte-counting pass-through, usable as a pipeline stage or to wrap a source; errors pass through. */
type Stage = (source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer>;

/** A byte progress bar on a terminal; a plain pass-through otherwise (the final note says how much moved). */
function progressStage(ctx: CliContext, verb: string, total: number | undefined): { stage: Stage; stop(): void } {
  const progress = ctx.io.isTTY.stderr ? createProgress(ctx.io, { verb, noun: 'bytes' }) : undefined;
  async function* stage(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    let moved = 0;
    for await (const chunk of source) {
      moved += chunk.length;
      progress?.update(moved, total);
      yield chunk;
    }
  }
  return { stage, stop: () => progress?.stop() };
}

/**
 * Writes a download to FILE through FILE.partial and a rename, so an interrupted or failed download never
 * leaves a file that looks complete.
 */
async function saveTo(source: Readable, stage: Stage, path: string): Promise<void> {
  const partial = `${path}.partial`;
  try {
    await pipeline(source, stage, createWriteStream(partial, { mode: 0o644 }));
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** The size of the file to upload; a usage error when it is missing or not a regular file. */
async function regularFileSize(file: string, path: string): Promise<number> {
  const info = await stat(path).catch((cause: unknown) => {
    throw new CliError('CLI_FILE', `cannot read ${file}`, {
      exitCode: ExitCode.usage,
      remedy: 'check the path of the file to upload',
      cause,
    });
  });
  if (!info.isFile()) throw usageError(`${file} is not a regular file`, 'pass the path of a file to upload');
  return info.size;
}

export function registerAttachmentCommands(program: Command, ctx: CliContext): void {
  const group = program
    .command('attachment')
    .description('list, download, upload and delete attachments (Attachment API)')
    .addHelpText(
      'after',
      `
Examples:
  $ nowrest attachment list --table incident --record 9d385017c611228701d22104cc95c371
  $ nowrest attachment put incident 9d385017c611228701d22104cc95c371 ./screenshot.png
  $ pg_dump mydb | gzip | nowrest attachment put incident 9d385017c611228701d22104cc95c371 - --name db.sql.gz
  $ nowrest attachment get 5a1d1c2e3f4b5c6d7e8f901a2b3c4d5e --output screenshot.png
  $ nowrest attachment rm 5a1d1c2e3f4b5c6d7e8f901a2b3c4d5e`,
    );
  registerList(group, ctx);
  registerGet(group, ctx);
  registerPut(group, ctx);
  registerRemove(group, ctx);
}

function registerList(group: Command, ctx: CliContext): void {
  group
    .command('list')
    .description('list attachment metadata')
    .option('--table <name>', 'only attachments of records in this table')
    .option('--record <sys_id>', 'only attachments of this record')
    .option('--query <encoded>', 'encoded query over sys_attachment, e.g. "file_nameENDSWITH.pdf"')
    .option('--limit <n>', 'at most n attachments (default and maximum 1000)', positiveInt(1000))
    .option('--offset <n>', 'skip the first n attachments')
    .addOption(formatOption(['json', 'table']))
    .action((flags: ListFlags, cmd: Command) => listAttachments(ctx, flags, cmd));
}

/** `attachment list`: the metadata of the matching attachments as a table or JSON. */
async function listAttachments(ctx: CliContext, flags: ListFlags, cmd: Command): Promise<void> {
  ctx.errorContext.table = 'sys_attachment';
  const offset = flags.offset === undefined ? undefined : Number(flags.offset);
  if (offset !== undefined && (!/^\d+$/.test(flags.offset ?? '') || !Number.isSafeInteger(offset)))
    throw usageError(`--offset '${flags.offset}' is not a whole number`, 'e.g. --offset 100');
  await withClient(ctx, cmd, async (sn, globals) => {
    const params: AttachmentListParams = {
      ...(flags.table ? { tableName: flags.table } : {}),
      ...(flags.record ? { tableSysId: flags.record } : {}),
      ...(flags.query ? { query: flags.query } : {}),
      ...(flags.limit ? { limit: flags.limit } : {}),
      ...(offset === undefined ? {} : { offset }),
      ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
    };
    const list = await sn.attachments.list(params);
    if (pickFormat(flags.format, globals.json, ctx.io.isTTY.stdout) === 'table') {
      ctx.out(list.length === 0 ? '' : formatTable(list.map(row), COLUMNS, 60));
      if (list.length === 0) ctx.note('no attachments match');
    } else {
      ctx.out(
        `${JSON.stringify(
          list.map((m) => m.raw),
          null,
          ctx.io.isTTY.stdout ? 2 : undefined,
        )}\n`,
      );
    }
  });
}

function registerGet(group: Command, ctx: CliContext): void {
  group
    .command('get <sys_id>')
    .description("download an attachment's content (or show its metadata with --metadata)")
    .option('-o, --output <file>', 'write the content (or the metadata) to this file (default: stdout)')
    .option('--metadata', 'the metadata as JSON instead of the content')
    .action((sysId: string, flags: GetFlags, cmd: Command) => getAttachment(ctx, sysId, flags, cmd));
}

interface GetFlags {
  readonly output?: string;
  readonly metadata?: boolean;
}

/** `attachment get`: the content (streamed to a file or stdout) or, with --metadata, the metadata as JSON. */
async function getAttachment(ctx: CliContext, sysId: string, flags: GetFlags, cmd: Command): Promise<void> {
  const toStdout = flags.output === undefined || flags.output === '-';
  if (!flags.metadata && toStdout && ctx.io.isTTY.stdout) {
    throw usageError('refusing to write file content to a terminal', 'pass --output FILE or redirect stdout');
  }
  const signal = ctx.io.signal ? { signal: ctx.io.signal } : {};
  await withClient(ctx, cmd, async (sn) => {
    if (flags.metadata) {
      const meta = await sn.attachments.get(sysId, signal);
      const sink = openSink(ctx.io, flags.output);
      try {
        await sink.write(`${JSON.stringify(meta.raw, null, !toStdout || ctx.io.isTTY.stdout ? 2 : undefined)}\n`);
      } finally {
        await sink.close();
      }
      if (!toStdout) ctx.note(`saved the metadata of ${meta.fileName} to ${flags.output ?? ''}`);
      return;
    }
    const { metadata, stream } = await sn.attachments.download(sysId, signal);
    const progress = progressStage(
      ctx,
      'downloaded',
      Number.isFinite(metadata.sizeBytes) ? metadata.sizeBytes : undefined,
    );
    try {
      if (toStdout) await pipeline(stream, progress.stage, ctx.io.stdout, { end: false });
      else await saveTo(stream, progress.stage, resolve(ctx.io.cwd, flags.output ?? ''));
    } finally {
      progress.stop();
    }
    if (!toStdout) ctx.note(`saved ${metadata.sizeBytes} bytes of ${metadata.fileName} to ${flags.output ?? ''}`);
  });
}

function registerPut(group: Command, ctx: CliContext): void {
  group
    .command('put <table> <record_sys_id> <file>')
    .description('upload a file (or stdin, with - and --name) as an attachment of a record')
    .option('--name <file_name>', 'file name to store (default: the base name of <file>)')
    .option('--type <media_type>', 'content type (default: guessed from the file name)')
    .action((table: string, recordId: string, file: string, flags: PutFlags, cmd: Command) =>
      putAttachment(ctx, { table, recordId, file }, flags, cmd),
    );
}

interface PutFlags {
  readonly name?: string;
  readonly type?: string;
}

/** `attachment put`: uploads a file (or stdin) with progress and prints the new attachment's metadata. */
async function putAttachment(
  ctx: CliContext,
  target: { table: string; recordId: string; file: string },
  flags: PutFlags,
  cmd: Command,
): Promise<void> {
  const { table, recordId, file } = target;
  ctx.errorContext.table = table;
  const fromStdin = file === '-';
  if (fromStdin && flags.name === undefined)
    throw usageError('uploading stdin needs a file name', 'pass --name, e.g. --name report.csv');
  const path = resolve(ctx.io.cwd, file);
  const size = fromStdin ? undefined : await regularFileSize(file, path);
  const fileName = flags.name ?? basename(path);
  await withClient(ctx, cmd, async (sn) => {
    const progress = progressStage(ctx, 'uploaded', size);
    let meta: AttachmentMetadata;
    try {
      const body = progress.stage(fromStdin ? (ctx.io.stdin as AsyncIterable<Buffer>) : createReadStream(path));
      meta = await sn.attachments.upload({
        tableName: table,
        tableSysId: recordId,
        fileName,
        contentType: flags.type ?? MEDIA_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream',
        body,
        ...(size === undefined ? {} : { size }),
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      });
    } finally {
      progress.stop();
    }
    ctx.out(`${JSON.stringify(meta.raw, null, ctx.io.isTTY.stdout ? 2 : undefined)}\n`);
  });
}

function registerRemove(group: Command, ctx: CliContext): void {
  group
    .command('rm <sys_id>')
    .description('delete an attachment')
    .action(async (sysId: string, _flags: unknown, cmd: Command) => {
      await withClient(ctx, cmd, async (sn) => {
        await sn.attachments.delete(sysId, ctx.io.signal ? { signal: ctx.io.signal } : {});
        ctx.note(`deleted attachment ${sysId}`);
      });
    });
}
