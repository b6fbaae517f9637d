import type { BatchWriter } from '../../lib/batch/batch-writer.js';
import type { Table } from '../../lib/table.js';
import type { UpsertTarget } from '../../lib/upsert.js';

/**
 * A table whose reads go straight to the Table API and whose creates and updates go through a batch writer
 * (`--batch N`), so an upsert looks each record up on its own and batches only the write.
 */
export function batchedTable(table: Table, writer: BatchWriter): UpsertTarget {
  return {
    name: table.name,
    list: (options) => table.list(options),
    get: (sysId, options) => table.get(sysId, options),
    create: (record) => writer.create(table.name, record),
    update: (sysId, changes) => writer.update(table.name, sysId, changes),
  };
}
