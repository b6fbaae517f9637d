/** One stage of a Test Connection run, as shown on the page. */
export interface TestStageView {
  readonly name: string;
  readonly ok: boolean;
  /** Not run because an earlier stage failed: neither passed nor failed. */
  readonly skipped?: boolean;
  readonly detail: string;
}

/** The outcome of the last Test Connection of a connection. */
export interface TestOutcome {
  readonly at: Date;
  readonly ok: boolean;
  readonly summary: string;
  readonly stages: readonly TestStageView[];
  readonly remedy?: string;
  /** The digest (settings-key.ts) of the settings tested, to tell whether they are the saved ones. */
  readonly settings?: string;
}

/** Last Test Connection result per connection, for this launch of the console. */
export interface StatusStore {
  lastTest(connection: string): TestOutcome | undefined;
  recordTest(connection: string, outcome: TestOutcome): void;
  forget(connection: string): void;
}

/** An in-memory {@link StatusStore}; results are diagnostics of this session, not configuration. */
export function createStatusStore(): StatusStore {
  const tests = new Map<string, TestOutcome>();
  return {
    lastTest: (connection) => tests.get(connection),
    recordTest: (connection, outcome) => void tests.set(connection, outcome),
    forget: (connection) => void tests.delete(connection),
  };
}
