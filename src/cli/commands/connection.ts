import { Option, type Command } from 'commander';
import { normalizeConnection, type ConnectionConfig } from '../../lib/connection.js';
import {
  defaultOAuthUrls,
  getConnection,
  listConnections,
  profileTokenBinding,
  removeConnection,
  saveConnection,
  type ConnectionAuthType,
  type ConnectionProfile,
} from '../../lib/config/connections.js';
import type { VaultSecrets } from '../../lib/auth/vault.js';
import { CliError, usageError } from '../cli-error.js';
import { globalsOf, type CliContext } from '../context.js';
import { addPrivateKeySecret, requireProfile } from '../connection-config.js';
import { ExitCode } from '../exit-codes.js';
import { formatTable } from '../output/record-format.js';
import { promptHidden, readAllText } from '../prompt.js';
import { checkCaFile, checkClientCertificate, readJwtPrivateKey } from '../pem-files.js';
import { tokenState } from './token-state.js';
import { authTypeFromFlag } from '../env-profile.js';

interface ProfileFlags {
  baseUrl?: string;
  auth?: string;
  user?: string;
  passwordStdin?: boolean;
  clientId?: string;
  clientSecretStdin?: boolean;
  authUrl?: string;
  tokenUrl?: string;
  subject?: string;
  keyId?: string;
  privateKeyFile?: string;
  clientCert?: string;
  clientKey?: string;
  caFile?: string;
}

function addProfileOptions(cmd: Command, required: boolean): Command {
  return cmd
    .addOption(
      required
        ? new Option('--base-url <url>', 'instance URL, e.g. https://dev1234.service-now.com').makeOptionMandatory()
        : new Option('--base-url <url>', 'instance URL'),
    )
    .addOption(
      new Option('--auth <type>', 'authentication type (see "Signing in" in the README)').choices([
        'basic',
        'oauth2',
        'jwt',
        'password',
        'client-credentials',
      ]),
    )
    .option('--user <name>', 'ServiceNow user name (basic, password)')
    .option('--password-stdin', "read the user's password from stdin (basic, password)")
    .option('--client-id <id>', 'OAuth client id (oauth2, jwt, password, client-credentials)')
    .option(
      '--client-secret-stdin',
      'read the OAuth client secret from stdin (oauth2, jwt, password, client-credentials)',
    )
    .option('--auth-url <url>', 'OAuth authorization URL (default <instance>/oauth_auth.do)')
    .option('--token-url <url>', 'OAuth token URL (default <instance>/oauth_token.do)')
    .option('--subject <user>', 'the user the JWT bearer tokens act as, the sub claim (jwt)')
    .option('--key-id <kid>', 'kid header of the JWT, as in the instance JWT verifier map (jwt)')
    .option(
      '--private-key-file <file>',
      'RSA private key (PEM) that signs the JWT; stored encrypted in the vault (jwt)',
    )
    .option('--client-cert <file>', 'client certificate (PEM) for mutual TLS, any auth type ("" removes it)')
    .option('--client-key <file>', 'private key (PEM) of --client-cert; only its path is stored')
    .option('--ca-file <file>', 'extra CA certificate(s) (PEM) to trust for this connection ("" removes it)');
}

/** Reads the secret the flags ask for: from stdin with --*-stdin, else a hidden prompt on a terminal. */
async function collectSecrets(ctx: CliContext, profile: ConnectionProfile, flags: ProfileFlags, isNew: boolean) {
  const { io } = ctx;
  if (flags.passwordStdin && flags.clientSecretStdin) {
    throw usageError('--password-stdin and --client-secret-stdin cannot be combined', 'store one secret per command');
  }
  if (flags.privateKeyFile !== undefined && profile.auth !== 'jwt') {
    throw usageError('--private-key-file needs --auth jwt', 'add --auth jwt, or leave out --private-key-file');
  }
  const secrets: VaultSecrets =
    flags.privateKeyFile === undefined ? {} : { privateKey: await readJwtPrivateKey(io.cwd, flags.privateKeyFile) };
  addPrivateKeySecret(ctx, secrets.privateKey);
  const asked = isNew || flags.clientId !== undefined || flags.user !== undefined;
  const interactive = io.isTTY.stdin && io.isTTY.stderr;
  const usesPassword = profile.auth === 'basic' || profile.auth === 'password';
  if (flags.clientSecretStdin && profile.auth === 'basic') {
    throw usageError(
      '--client-secret-stdin needs an OAuth type',
      'add --auth oauth2, password, client-credentials or jwt',
    );
  }
  if (flags.passwordStdin && !usesPassword) {
    throw usageError('--password-stdin needs --auth basic or --auth password');
  }
  if (flags.passwordStdin) {
    const password = await readAllText(io.stdin);
    if (password === '') throw usageError('stdin gave an empty password', 'pipe the password, e.g. < pw.txt');
    return { ...secrets, password };
  }
  if (flags.clientSecretStdin) {
    const clientSecret = await readAllText(io.stdin);
    if (clientSecret === '') throw usageError('stdin gave an empty client secret');
    return { ...secrets, clientSecret };
  }
  if (!interactive || !asked) return secrets;
  // On a terminal every secret the type needs is asked for, hidden; an empty answer leaves it unset.
  let collected: VaultSecrets = secrets;
  if (usesPassword) {
    const password = await promptHidden(io, `Password for ${profile.username ?? 'user'}: `);
    if (password !== '') collected = { ...collected, password };
  }
  if (profile.auth !== 'basic') {
    const optional = profile.auth === 'oauth2' ? ' (empty for none)' : '';
    const clientSecret = await promptHidden(io, `Client secret${optional}: `);
    if (clientSecret !== '') collected = { ...collected, clientSecret };
  }
  return collected;
}

/** What is still missing after a save, as the command that stores it. */
function missingSecretNotes(profile: ConnectionProfile, stored: VaultSecrets): string[] {
  const name = profile.name;
  const notes: string[] = [];
  if ((profile.auth === 'basic' || profile.auth === 'password') && !stored.password) {
    notes.push(`no password stored: run \`nowrest connection edit ${name} --password-stdin\` or set NOWREST_PASSWORD`);
  }
  if (
    (profile.auth === 'jwt' || profile.auth === 'client_credentials' || profile.auth === 'password') &&
    !stored.clientSecret
  ) {
    notes.push(`no client secret stored: run \`nowrest connection edit ${name} --client-secret-stdin\``);
  }
  if (profile.auth === 'oauth2' && !stored.tokens) {
    notes.push(
      `no OAuth token yet: run \`nowrest oauth generate ${name}\` (or \`nowrest oauth import ${name} --refresh-token-stdin\`)`,
    );
  }
  return notes;
}

/** The auth type: --auth, else what the flags imply (a signing key means jwt), else the stored one. */
function authTypeOf(base: ConnectionProfile | undefined, flags: ProfileFlags): ConnectionAuthType {
  if (flags.auth !== undefined) {
    const type = authTypeFromFlag(flags.auth);
    if (type === undefined || type === 'token') throw usageError(`unknown --auth ${flags.auth}`);
    return type;
  }
  if (flags.privateKeyFile !== undefined || flags.subject !== undefined) return 'jwt';
  if (base?.auth === 'jwt' || base?.auth === 'password' || base?.auth === 'client_credentials') return base.auth;
  return flags.clientId ? 'oauth2' : (base?.auth ?? 'basic');
}

/** The client certificate, key and CA paths after the flags; files given now are checked and made absolute. */
async function tlsFields(cwd: string, base: ConnectionProfile | undefined, flags: ProfileFlags) {
  const { clientCert, clientKey } = flags;
  let cert = { clientCertFile: base?.clientCertFile, clientKeyFile: base?.clientKeyFile };
  if (clientCert === '' || clientKey === '') {
    if (clientCert || clientKey) {
      throw usageError('--client-cert "" removes the client certificate', 'pass --client-cert "" --client-key ""');
    }
    cert = { clientCertFile: undefined, clientKeyFile: undefined };
  } else if (clientCert !== undefined || clientKey !== undefined) {
    const certFile = clientCert ?? base?.clientCertFile;
    const keyFile = clientKey ?? base?.clientKeyFile;
    if (!certFile || !keyFile) {
      throw usageError(
        certFile ? '--client-cert needs --client-key' : '--client-key needs --client-cert',
        'give the client certificate and its private key together: --client-cert cert.pem --client-key key.pem',
      );
    }
    const checked = await checkClientCertificate(cwd, certFile, keyFile, {
      cert: '--client-cert',
      key: '--client-key',
    });
    cert = { clientCertFile: checked.certPath, clientKeyFile: checked.keyPath };
  }
  let caFile = base?.caFile;
  if (flags.caFile !== undefined)
    caFile = flags.caFile === '' ? undefined : await checkCaFile(cwd, '--ca-file', flags.caFile);
  return {
    ...(cert.clientCertFile && cert.clientKeyFile
      ? { clientCertFile: cert.clientCertFile, clientKeyFile: cert.clientKeyFile }
      : {}),
    ...(caFile ? { caFile } : {}),
  };
}

async function buildProfile(
  name: string,
  base: ConnectionProfile | undefined,
  flags: ProfileFlags,
  cwd: string,
): Promise<ConnectionProfile> {
  const baseUrl = flags.baseUrl ?? base?.baseUrl;
  if (!baseUrl) throw usageError('--base-url is required');
  const auth = authTypeOf(base, flags);
  const username = flags.user ?? base?.username;
  const clientId = flags.clientId ?? base?.clientId;
  const baseChanged = flags.baseUrl !== undefined && flags.baseUrl !== base?.baseUrl;
  const profile: ConnectionProfile = {
    name,
    baseUrl: baseUrl.trim(),
    auth,
    ...(username && (auth === 'basic' || auth === 'password') ? { username } : {}),
    ...(auth !== 'basic' && clientId ? { clientId } : {}),
    ...(await tlsFields(cwd, base, flags)),
  };
  if (auth === 'jwt') {
    const subject = (flags.subject ?? base?.subject)?.trim();
    const keyId = flags.keyId ?? base?.keyId;
    const tokenUrl = flags.tokenUrl ?? (baseChanged ? undefined : base?.tokenUrl);
    return {
      ...profile,
      ...(subject ? { subject } : {}),
      ...(keyId ? { keyId } : {}),
      ...(tokenUrl ? { tokenUrl } : {}),
    };
  }
  if (auth === 'password' || auth === 'client_credentials') {
    const tokenUrl = flags.tokenUrl ?? (baseChanged ? undefined : base?.tokenUrl);
    return { ...profile, ...(tokenUrl ? { tokenUrl } : {}) };
  }
  if (auth === 'oauth2') {
    const defaults = defaultOAuthUrls(profile.baseUrl);
    return {
      ...profile,
      authUrl: flags.authUrl ?? (baseChanged ? undefined : base?.authUrl) ?? defaults.authUrl,
      tokenUrl: flags.tokenUrl ?? (baseChanged ? undefined : base?.tokenUrl) ?? defaults.tokenUrl,
    };
  }
  return profile;
}

/** Validates with the library's normalisation; a placeholder stands in for secrets not given here. */
function validate(profile: ConnectionProfile): string[] {
  const config: ConnectionConfig = {
    name: profile.name,
    baseUrl: profile.baseUrl,
    auth:
      profile.auth === 'basic'
        ? { type: 'basic', username: profile.username ?? '', password: 'placeholder' }
        : profile.auth === 'password'
          ? {
              type: 'password',
              clientId: profile.clientId ?? '',
              username: profile.username ?? '',
              password: 'placeholder',
            }
          : { type: 'oauth2', clientId: profile.clientId ?? '' },
  };
  const notes = [...normalizeConnection(config).notes];
  if (profile.auth === 'jwt' && !profile.subject) {
    throw usageError(
      `connection '${profile.name}' needs the user its JWT tokens act as`,
      `add --subject USER (the ServiceNow user_name the JWT verifier map accepts as sub)`,
    );
  }
  return notes;
}

async function saveProfile(ctx: CliContext, cmd: Command, name: string, flags: ProfileFlags, isNew: boolean) {
  const existing = await getConnection(ctx.configDir(), name);
  if (isNew && existing) {
    throw usageError(`connection '${name}' already exists`, `change it with \`nowrest connection edit ${name}\``);
  }
  if (!isNew && !existing) await requireProfile(ctx, name);
  const profile = await buildProfile(name, existing, flags, ctx.io.cwd);
  const notes = validate(profile);
  const secrets = await collectSecrets(ctx, profile, flags, isNew);
  ctx.addSecret(secrets.password);
  ctx.addSecret(secrets.clientSecret);
  const vault = await ctx.openVault();
  const authChanged = existing !== undefined && existing.auth !== profile.auth;
  if (profile.auth === 'jwt' && !secrets.privateKey && (isNew || authChanged || !(await vault.get(name)).privateKey)) {
    throw usageError(
      `connection '${name}' needs the RSA private key that signs its JWT assertions`,
      `add --private-key-file key.pem (read once and stored encrypted in the vault)`,
    );
  }
  if (authChanged) await vault.clear(name);
  // Password-grant tokens act as the user: another user name must not keep using them.
  else if (profile.auth === 'password' && existing?.username !== profile.username) await vault.clear(name, ['tokens']);
  if (Object.keys(secrets).length > 0) await vault.set(name, secrets);
  await saveConnection(ctx.configDir(), profile);
  const stored = await vault.get(name);
  const g = globalsOf(cmd, ctx.io);
  if (g.json) {
    ctx.out(`${JSON.stringify(describeProfile(profile, stored))}\n`);
  } else {
    for (const n of notes) ctx.note(n);
    ctx.io.stderr.write(`${isNew ? 'added' : 'updated'} connection ${name}\n`);
    for (const note of missingSecretNotes(profile, stored)) ctx.note(note);
  }
}

/** The public view of a profile: secrets only as set / not set. */
export function describeProfile(profile: ConnectionProfile, secrets: VaultSecrets): Record<string, unknown> {
  const set = (value: string | undefined) => (value ? 'set' : 'not set');
  const tls = {
    ...(profile.clientCertFile ? { clientCert: profile.clientCertFile, clientKey: profile.clientKeyFile ?? null } : {}),
    ...(profile.caFile ? { caFile: profile.caFile } : {}),
  };
  const common = { name: profile.name, baseUrl: profile.baseUrl, auth: profile.auth };
  switch (profile.auth) {
    case 'basic':
      return { ...common, user: profile.username ?? null, password: set(secrets.password), ...tls };
    case 'jwt':
      return {
        ...common,
        clientId: profile.clientId ?? null,
        subject: profile.subject ?? null,
        keyId: profile.keyId ?? null,
        clientSecret: set(secrets.clientSecret),
        privateKey: set(secrets.privateKey),
        tokenUrl: profile.tokenUrl ?? defaultTokenUrl(profile.baseUrl),
        ...tls,
      };
    case 'oauth2':
      return {
        ...common,
        clientId: profile.clientId ?? null,
        clientSecret: set(secrets.clientSecret),
        authUrl: profile.authUrl ?? null,
        tokenUrl: profile.tokenUrl ?? null,
        token: tokenState(secrets.tokens, Date.now(), profileTokenBinding(profile)),
        ...tokenFacts(secrets),
        ...tls,
      };
    case 'password':
      return {
        ...common,
        user: profile.username ?? null,
        password: set(secrets.password),
        clientId: profile.clientId ?? null,
        clientSecret: set(secrets.clientSecret),
        tokenUrl: profile.tokenUrl ?? defaultTokenUrl(profile.baseUrl),
        token: tokenState(secrets.tokens, Date.now(), profileTokenBinding(profile), 'password'),
        ...tokenFacts(secrets),
        ...tls,
      };
    case 'client_credentials':
      return {
        ...common,
        clientId: profile.clientId ?? null,
        clientSecret: set(secrets.clientSecret),
        tokenUrl: profile.tokenUrl ?? defaultTokenUrl(profile.baseUrl),
        token: tokenState(secrets.tokens, Date.now(), profileTokenBinding(profile), 'client_credentials'),
        ...tokenFacts(secrets),
        ...tls,
      };
  }
}

/** Where the stored token came from and whether it renews itself, for `show` (never the token). */
function tokenFacts(secrets: VaultSecrets): Record<string, unknown> {
  const t = secrets.tokens;
  if (!t) return {};
  return {
    tokenOrigin: t.origin ?? 'unknown',
    refreshable: t.refreshToken !== undefined && (t.refreshExpiresAt === undefined || t.refreshExpiresAt > Date.now()),
  };
}

function defaultTokenUrl(baseUrl: string): string | null {
  try {
    return defaultOAuthUrls(baseUrl).tokenUrl;
  } catch {
    return null;
  }
}

/** `nowrest connection …` */
export function registerConnectionCommands(program: Command, ctx: CliContext, testAction: TestAction): void {
  const group = program
    .command('connection')
    .description('manage connection profiles')
    .addHelpText(
      'after',
      `
Examples:
  $ nowrest connection add dev --base-url https://dev1234.service-now.com --user admin --password-stdin < pw.txt
  $ nowrest connection add prod --base-url https://acme.service-now.com --auth oauth2 --client-id ID --client-secret-stdin
  $ nowrest connection add svc --base-url https://acme.service-now.com --auth jwt --client-id ID --subject svc.user \\
      --key-id KID --private-key-file jwt-key.pem --client-secret-stdin < secret.txt
  $ nowrest connection edit dev --client-cert me.crt --client-key me.key
  $ nowrest connection list
  $ nowrest connection test dev`,
    );

  addProfileOptions(group.command('add <name>').description('add a connection profile'), true)
    .addHelpText(
      'after',
      `
Secrets are never taken as arguments: pipe them with --password-stdin / --client-secret-stdin, or
type them at the hidden prompt. They go to the encrypted vault; connections.json holds the rest.
A JWT signing key (--private-key-file) is read once and kept encrypted in the vault; the file can then go.
A client certificate (--client-cert/--client-key) stays where it is: only the paths are stored.

Examples:
  $ printf %s "$PW" | nowrest connection add dev --base-url https://dev1234.service-now.com --user admin --password-stdin
  $ nowrest connection add prod --base-url https://acme.service-now.com --client-id 3f2a… --client-secret-stdin < secret.txt
  $ nowrest connection add svc --base-url https://acme.service-now.com --auth jwt --client-id 3f2a… --subject svc.user \\
      --key-id KID --private-key-file jwt-key.pem --client-secret-stdin < secret.txt
  $ nowrest connection add dev --base-url https://dev1234.service-now.com --user admin --password-stdin \\
      --client-cert me.crt --client-key me.key --ca-file corp-ca.pem < pw.txt`,
    )
    .action(async (name: string, flags: ProfileFlags, cmd: Command) => saveProfile(ctx, cmd, name, flags, true));

  addProfileOptions(group.command('edit <name>').description('change a connection profile or its secret'), false)
    .addHelpText('after', '\nExample:\n  $ nowrest connection edit dev --password-stdin < new-pw.txt')
    .action(async (name: string, flags: ProfileFlags, cmd: Command) => saveProfile(ctx, cmd, name, flags, false));

  group
    .command('list')
    .description('list connection profiles')
    .addHelpText('after', '\nExample:\n  $ nowrest connection list --json')
    .action(async (_opts: unknown, cmd: Command) => {
      const profiles = await listConnections(ctx.configDir());
      const vault = await ctx.openVault();
      const rows = await Promise.all(profiles.map(async (p) => describeProfile(p, await vault.get(p.name))));
      if (globalsOf(cmd, ctx.io).json) {
        ctx.out(`${JSON.stringify(rows)}\n`);
        return;
      }
      if (rows.length === 0) {
        ctx.io.stderr.write('no connections yet: add one with `nowrest connection add NAME --base-url URL`\n');
        return;
      }
      const table = rows.map((r) => ({
        name: r['name'],
        baseUrl: r['baseUrl'],
        auth: r['auth'],
        // Who the calls run as; an OAuth client ID is labelled as one, since the user is whoever signs in.
        identity:
          r['user'] ?? r['subject'] ?? (typeof r['clientId'] === 'string' ? `client ID ${r['clientId']}` : null),
        credentials:
          r['auth'] === 'basic'
            ? `password ${String(r['password'])}`
            : r['auth'] === 'jwt'
              ? `key ${String(r['privateKey'])}, secret ${String(r['clientSecret'])}`
              : `token ${String(r['token'])}`,
      }));
      ctx.out(formatTable(table, ['name', 'baseUrl', 'auth', 'identity', 'credentials'], 60));
    });

  group
    .command('show [name]')
    .description('show a connection profile (secrets masked)')
    .addHelpText('after', '\nExample:\n  $ nowrest connection show dev')
    .action(async (nameArg: string | undefined, _opts: unknown, cmd: Command) => {
      const g = globalsOf(cmd, ctx.io);
      const name = nameArg ?? g.connection;
      if (!name) throw usageError('which connection?', 'pass a name: `nowrest connection show NAME`');
      const profile = await requireProfile(ctx, name);
      const view = describeProfile(profile, await (await ctx.openVault()).get(name));
      if (g.json) ctx.out(`${JSON.stringify(view)}\n`);
      else
        ctx.out(
          Object.entries(view)
            .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : ''}\n`)
            .join(''),
        );
    });

  group
    .command('remove <name>')
    .alias('rm')
    .description('remove a connection profile and its stored secrets')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const removed = await removeConnection(ctx.configDir(), name);
      await (await ctx.openVault()).remove(name);
      if (!removed) {
        throw new CliError('CLI_NO_CONNECTION', `no connection '${name}'`, {
          exitCode: ExitCode.notFound,
          remedy: 'see `nowrest connection list`',
        });
      }
      if (globalsOf(cmd, ctx.io).json) ctx.out(`${JSON.stringify({ removed: name })}\n`);
      else ctx.io.stderr.write(`removed connection ${name}\n`);
    });

  group
    .command('test [name]')
    .description('diagnose a connection step by step (URL, TLS, authentication, table access)')
    .addHelpText('after', '\nExit status: 0 when every stage passes, 3 for an authentication failure, 1 otherwise.')
    .action(async (nameArg: string | undefined, _opts: unknown, cmd: Command) => testAction(nameArg, cmd));
}

/** Runs `connection test`; supplied by the module that builds clients. */
export type TestAction = (name: string | undefined, cmd: Command) => Promise<void>;
