/** Where the emulator reports operational notes (bind warnings, internal errors). */
export interface EmulatorLogger {
  debug?(message: string): void;
  info?(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The default logger: warnings and errors to stderr, nothing else. */
export const stderrLogger: EmulatorLogger = {
  warn: (message) => process.stderr.write(`[nowrest emulator] ${message}\n`),
  error: (message) => process.stderr.write(`[nowrest emulator] ${message}\n`),
};
