import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../lib/version.js';
import { CliContext, globalsOf } from './context.js';
import { EXIT_CODES_HELP, ExitCode } from './exit-codes.js';
import { createProcessIo, type CliIo } from './io.js';
import { nonNegativeInt, timeoutSeconds } from './options.js';
import { reportError } from './report-error.js';
import { registerCommands } from './commands/index.js';

const ROOT_HELP = `
Connections:
  Profiles (non-secret) live in $NOWREST_CONFIG_DIR, else $XDG_CONFIG_HOME/nowrest or ~/.config/nowrest.
  Secrets live in an encrypted vault beside them (key: NOWREST_MASTER_KEY, else a generated master.key).
  NOWREST_INSTANCE_URL, NOWREST_USER and NOWREST_PASSWORD override stored values (announced on stderr).
  HTTPS_PROXY is used for requests. NO_COLOR turns colour off.
  A request attempt that gets no answer fails after --timeout and is retried up to --max-retries times, so
  the longest wait is about (1 + max retries) x timeout, e.g. --timeout 10 --max-retries 1 gives up after ~20 s.

Output:
  Data goes to stdout; progress, notes and errors go to stderr. With --json, data is JSON and errors are
  written to stderr as {"error":{"code","message","remedy"}}.
${EXIT_CODES_HELP}

Examples:
  $ nowrest demo
  $ nowrest connection add dev --base-url https://dev1234.service-now.com --user admin --password-stdin < pw.txt
  $ nowrest query incident -c dev --where active=true --fields number,short_description --max 20
  $ nowrest export incident -c dev --query active=true --format ndjson --output incidents.ndjson`;

/** Builds the commander program; output and exits are routed through `io` and exceptions. */
export function buildProgram(ctx: CliContext): Command {
  const { io } = ctx;
  const program = new Command('nowrest');
  program
    .description('ServiceNow REST connector: query, export and change records from the command line')
    .version(VERSION, '-V, --version')
    .option('-c, --connection <name>', 'connection profile to use (default: $NOWREST_CONNECTION)')
    .option('--json', 'machine-readable JSON output, errors included (on stderr)')
    .option('--verbose', 'log each request to stderr (secrets redacted)')
    .option('--debug', 'show stack traces for errors')
    .option('--insecure', 'skip TLS certificate verification (dangerous)')
    .option('--ca <file>', 'trust the CA certificate(s) in this PEM file')
    .option('--cert <file>', 'client certificate (PEM) for mutual TLS, overriding the connection profile')
    .option('--cert-key <file>', 'private key (PEM) of --cert')
    .option(
      '--timeout <seconds>',
      'give up on one request attempt after this long (default 120; waiting for the answer: 60)',
      timeoutSeconds,
    )
    .option(
      '--max-retries <n>',
      'retries after a timeout, dropped connection, 429 or 5xx (default 3)',
      nonNegativeInt(10),
    )
    .option(
      '--otp [code]',
      'one-time MFA code appended to the password for this run, never stored (without a code: asked for)',
    )
    .addOption(new Option('--no-color', 'no colour (also NO_COLOR)'))
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Errors are printed by run() in the same one-line (or JSON) format as every other error.
      outputError: () => undefined,
    })
    .showSuggestionAfterError(true)
    .addHelpText('after', ROOT_HELP);
  registerCommands(program, ctx);
  return program;
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code. Tests inject `io`.
 * Without `io` it runs as the process: real streams, Ctrl-C wired to a clean stop, and
 * `process.exitCode` set from the result (this is how bin/nowrest.js calls it).
 */
/** How long a SIGTERM'd command may take to stop cleanly before the process exits anyway. */
const SIGTERM_GRACE_MS = 10_000;

export async function run(argv: string[], io?: CliIo): Promise<number> {
  if (io) return runWith(argv, io);
  const controller = new AbortController();
  // The first Ctrl-C asks commands to stop cleanly (export checkpoints, emulator closes); a second one kills.
  const onSecond = () => process.exit(ExitCode.interrupted);
  const onSigint = () => {
    controller.abort();
    process.once('SIGINT', onSecond);
  };
  // SIGTERM (timeout, systemd, docker stop) gets the same clean stop, but with a deadline: a step that cannot
  // be interrupted (a blocked file-system call) must not keep the process alive after it was told to end.
  let terminated = false;
  const onSigterm = () => {
    terminated = true;
    controller.abort();
    setTimeout(() => process.exit(ExitCode.terminated), SIGTERM_GRACE_MS).unref();
  };
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  try {
    const ran = await runWith(argv, createProcessIo(controller.signal));
    // Commands report a clean stop as "interrupted" (130, the SIGINT code); a stop SIGTERM asked for is 143.
    const code = terminated && ran === ExitCode.interrupted ? ExitCode.terminated : ran;
    process.exitCode = code;
    return code;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGINT', onSecond);
    process.off('SIGTERM', onSigterm);
  }
}

async function runWith(argv: string[], io: CliIo): Promise<number> {
  const ctx = new CliContext(io);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError && (err.exitCode === 0 || err.code === 'commander.helpDisplayed')) {
      return ExitCode.ok;
    }
    const json = argv.includes('--json');
    const debug = argv.includes('--debug');
    if (err instanceof CommanderError && err.code === 'commander.help') return ExitCode.usage;
    let globals;
    try {
      globals = globalsOf(program, io);
    } catch {
      globals = undefined;
    }
    const shown =
      err instanceof CommanderError
        ? new CommanderError(err.exitCode, err.code, `${err.message} (see \`${helpCommand(program, argv)} --help\`)`)
        : err;
    return reportError(shown, io, {
      json: globals?.json ?? json,
      debug: globals?.debug ?? debug,
      secrets: ctx.secrets,
      context: ctx.errorContext,
    });
  }
}

/** `nowrest query` for argv `['-c', 'x', 'query', …]`: the deepest command the words name. */
function helpCommand(program: Command, argv: readonly string[]): string {
  const names = ['nowrest'];
  let cmd: Command = program;
  for (const word of argv) {
    const next = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) continue;
    names.push(next.name());
    cmd = next;
  }
  return names.join(' ');
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) await run(process.argv.slice(2));
