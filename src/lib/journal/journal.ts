import { ConfigError } from '../errors/config-error.js';
import { NotFoundError } from '../errors/api-error.js';
import { query } from '../query.js';
import { assertField } from '../query-values.js';
import { assertSysId, assertTable } from '../table-params.js';
import { callOptions, type CallOptions } from '../call-options.js';
import type { Table, TableRecord } from '../table.js';

/** One journal entry (a `sys_journal_field` row): a comment or work note on a record. */
export interface JournalEntry {
  /** The sys_journal_field row's sys_id. */
  readonly sysId: string;
  /** The journal field, e.g. `comments` or `work_notes` (`element` on the wire). */
  readonly field: string;
  /** The entry's text (`value`), newlines kept. */
  readonly text: string;
  /** The author's user name (`sys_created_by`). */
  readonly author: string;
  /** When it was written, UTC, `yyyy-MM-dd HH:mm:ss` as on the wire (`sys_created_on`). */
  readonly time: string;
}

/** Options for {@link RecordJournal.list}. */
export interface JournalListParams extends CallOptions {
  /** The journal fields to read; default `comments` and `work_notes`. */
  readonly fields?: readonly string[];
  /** At most this many entries, newest first; default 1000. */
  readonly max?: number;
}

/** Why a journal read came back empty (see {@link RecordJournal.explainEmpty}). */
export interface EmptyJournalExplanation {
  /**
   * `record-not-found`: the record does not exist or cannot be read.
   * `journal-unreadable`: the record shows history, so `sys_journal_field` rows exist but a read ACL hides them.
   * `no-history`: the record is readable and shows no history either; if entries were expected, a
   * `sys_journal_field` read ACL is still the likely cause (instances answer `200 []` there silently).
   */
  readonly reason: 'record-not-found' | 'journal-unreadable' | 'no-history';
  /** One sentence for people: what happened and what to check. */
  readonly message: string;
}

const DEFAULT_FIELDS = ['comments', 'work_notes'] as const;
const DEFAULT_MAX = 1000;
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The journal of one record, read from `sys_journal_field`, written through the record's journal fields. */
export class RecordJournal implements PromiseLike<JournalEntry[]> {
  readonly table: string;
  readonly sysId: string;
  readonly #open: (table: string) => Table;

  /** @throws {ConfigError} for an invalid table name or sys_id. */
  constructor(open: (table: string) => Table, table: string, sysId: string) {
    this.table = assertTable(table);
    this.sysId = assertSysId(sysId);
    this.#open = open;
  }

  /**
   * The entries, newest first. Reading needs rights on `sys_journal_field`; without them an instance answers an
   * empty list, so call {@link explainEmpty} when the list is empty.
   */
  async list(params: JournalListParams = {}): Promise<JournalEntry[]> {
    const fields = (params.fields ?? DEFAULT_FIELDS).map(assertField);
    const max = params.max ?? DEFAULT_MAX;
    if (fields.length === 0) throw new ConfigError('No journal fields to read', 'Pass fields such as ["comments"]');
    const q = query().where('element_id').is(this.sysId).and('element').in(fields);
    const rows = await this.#open('sys_journal_field')
      .list({
        query: q,
        orderBy: ['-sys_created_on', '-sys_id'],
        fields: ['sys_id', 'element', 'value', 'sys_created_by', 'sys_created_on'],
        pageSize: Math.min(max, 1000),
        ...callOptions(params),
      })
      .toArray({ max });
    return rows.map(toEntry);
  }

  then<R1 = JournalEntry[], R2 = never>(
    onfulfilled?: ((value: JournalEntry[]) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    return this.list().then(onfulfilled, onrejected);
  }

  /**
   * Explains an empty {@link list}: reads the record itself, with its `comments_and_work_notes` history as a
   * display value, to tell a missing record, a hidden journal and a record without history apart.
   */
  async explainEmpty(options: CallOptions = {}): Promise<EmptyJournalExplanation> {
    let record: TableRecord;
    try {
      record = await this.#open(this.table).get(this.sysId, {
        fields: ['sys_id', 'comments_and_work_notes'],
        displayValue: true,
        ...callOptions(options),
      });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      return {
        reason: 'record-not-found',
        message: `${this.table} ${this.sysId} does not exist or the connection's user cannot read it`,
      };
    }
    if (text(record.comments_and_work_notes).trim() !== '') {
      return {
        reason: 'journal-unreadable',
        message:
          `the record shows history, but sys_journal_field returned no entries: a read ACL on sys_journal_field ` +
          `hides them from this user (grant it read access, e.g. the itil role)`,
      };
    }
    return {
      reason: 'no-history',
      message:
        `no journal entries; the record is readable, so if it should have history, a read ACL on ` +
        `sys_journal_field is the likely cause (instances answer an empty list there silently)`,
    };
  }

  /** Appends a customer-visible comment (`comments`). @throws {ConfigError} for empty text. */
  async addComment(text: string, options: CallOptions = {}): Promise<void> {
    await this.#append('comments', text, options);
  }

  /** Appends an internal work note (`work_notes`). @throws {ConfigError} for empty text. */
  async addWorkNote(text: string, options: CallOptions = {}): Promise<void> {
    await this.#append('work_notes', text, options);
  }

  async #append(field: string, value: string, options: CallOptions): Promise<void> {
    // An instance ignores an empty journal value without an error, so refuse it here rather than "succeed".
    if (typeof value !== 'string' || value.trim() === '') {
      throw new ConfigError(`Empty ${field} text`, 'Give the text of the entry');
    }
    await this.#open(this.table).update(
      this.sysId,
      { [field]: value },
      { fields: ['sys_id'], ...callOptions(options) },
    );
  }
}

function toEntry(row: TableRecord): JournalEntry {
  return {
    sysId: text(row.sys_id),
    field: text(row.element),
    text: text(row.value),
    author: text(row.sys_created_by),
    time: text(row.sys_created_on),
  };
}
