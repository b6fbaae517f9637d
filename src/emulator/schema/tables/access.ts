/**
 * Who may read and write a table, as the TableDef role lists the table files share ('admin' always passes, so
 * an empty list means admin only; no list means any signed-in user).
 */
export const ADMIN_ONLY: readonly string[] = [];
/** itil works task-like records; snc_read_only reads them (reference §8). */
const ITIL_READERS: readonly string[] = ['itil', 'snc_read_only'];

/** Any signed-in user reads; only admin writes. */
export const ADMIN_WRITES = { writeRoles: ADMIN_ONLY };
/** Only admin reads (and so writes). */
export const ADMIN_READS = { readRoles: ADMIN_ONLY };
/** itil and read-only users read; only admin writes. */
export const ITIL_READS = { readRoles: ITIL_READERS, writeRoles: ADMIN_ONLY };
/** itil and read-only users read; itil writes. */
export const ITIL_WORKS = { readRoles: ITIL_READERS, writeRoles: ['itil'] };
