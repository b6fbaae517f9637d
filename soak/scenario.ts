/** What every soak scenario reports: promises checked (pass/fail) and measured figures. */

/** One promise and whether the run kept it. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  /** The counted evidence, e.g. "lost 0, duplicated 0 of 50000". */
  readonly detail: string;
}

/** The outcome of one scenario. */
export interface ScenarioReport {
  readonly checks: Check[];
  /** Label → value, in the order they should be printed. */
  readonly figures: [string, string][];
}

/** A running emulator as a scenario sees it: an URL on loopback and a way to stop it. */
export interface EmulatorHandle {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts an emulator with this many seeded incidents (a child process in soak runs, in-process in tests). */
export type StartEmulator = (options: { incidents: number }) => Promise<EmulatorHandle>;

/** The nowrest CLI in a private config directory, with a basic connection `soak` (admin/admin). */
export interface CliSandbox {
  /** The working directory of every run (relative --output/--file paths land here). */
  readonly dir: string;
  run(argv: readonly string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }>;
  cleanup(): Promise<void>;
}

/** Creates a CLI sandbox connected to the emulator at `url` (real processes in soak runs, in-process in tests). */
export type CreateCli = (url: string) => Promise<CliSandbox>;

/** What the runner hands every scenario. */
export interface ScenarioContext {
  readonly startEmulator: StartEmulator;
  readonly createCli: CreateCli;
  /** Progress lines (stderr in soak runs, silent in tests). */
  readonly log: (line: string) => void;
}

/** A check from a condition plus its evidence. */
export function check(name: string, ok: boolean, detail: string): Check {
  return { name, ok, detail };
}

/** True when every check of the report passed. */
export function allKept(report: ScenarioReport): boolean {
  return report.checks.every((c) => c.ok);
}
