/**
 * OAuth application registry rows (oauth_entity): lookup, the demo applications seeded on every reset,
 * and create-or-update for the control plane.
 */
import type { EmulatorContext } from '../context.js';
import { newRowDefaults } from '../store/defaults.js';
import { fixedId } from '../store/ids.js';
import type { Row } from '../store/store.js';

/** An application as the OAuth routes use it. */
export interface OAuthApp {
  readonly sysId: string;
  readonly name: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUrl: string;
  readonly accessLifespanS: number;
  readonly refreshLifespanS: number;
  readonly publicClient: boolean;
  /** sys_id of the "OAuth Application User" a client_credentials token acts as; '' when unset. */
  readonly applicationUser: string;
}

/** The demo confidential client (documented, fixed). */
export const DEMO_CLIENT_ID = 'nowrest-demo';
export const DEMO_CLIENT_SECRET = 'nowrest-demo-secret';
/** The demo public client: PKCE only, no secret. */
export const DEMO_PUBLIC_CLIENT_ID = 'nowrest-demo-public';
/** Any loopback port and path, on both loopback names (RFC 8252 §7.3). */
export const LOOPBACK_REDIRECTS = 'http://127.0.0.1/*,http://localhost/*';

const toApp = (row: Row): OAuthApp => ({
  sysId: row.sys_id ?? '',
  name: row.name ?? '',
  clientId: row.client_id ?? '',
  clientSecret: row.client_secret ?? '',
  redirectUrl: row.redirect_url ?? '',
  accessLifespanS: positiveInt(row.access_token_lifespan, 1800),
  refreshLifespanS: positiveInt(row.refresh_token_lifespan, 8_640_000),
  publicClient: row.public_client === 'true',
  applicationUser: row.oauth_application_user ?? '',
});

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The active application with this client_id, if any. */
export function findApp(ctx: EmulatorContext, clientId: string | undefined): OAuthApp | undefined {
  if (clientId === undefined || clientId === '') return undefined;
  const row = ctx.store
    .prepare(`SELECT * FROM "oauth_entity" WHERE "client_id" = ? AND "active" = 'true' LIMIT 1`)
    .get(clientId) as Row | undefined;
  return row ? toApp(row) : undefined;
}

/** Fields the control plane may set on an application. */
export interface AppInput {
  readonly client_id: string;
  readonly client_secret?: string;
  readonly name?: string;
  readonly redirect_url?: string;
  readonly access_token_lifespan?: number;
  readonly refresh_token_lifespan?: number;
  readonly public_client?: boolean;
  readonly active?: boolean;
  /** The client_credentials user, by sys_id or user_name ('' clears it). */
  readonly oauth_application_user?: string;
}

/** Creates or updates the application with `input.client_id`; returns it. */
export function upsertApp(ctx: EmulatorContext, input: AppInput): OAuthApp {
  const changes: Row = {};
  if (input.client_secret !== undefined) changes.client_secret = input.client_secret;
  if (input.name !== undefined) changes.name = input.name;
  if (input.redirect_url !== undefined) changes.redirect_url = input.redirect_url;
  if (input.access_token_lifespan !== undefined) changes.access_token_lifespan = String(input.access_token_lifespan);
  if (input.refresh_token_lifespan !== undefined) changes.refresh_token_lifespan = String(input.refresh_token_lifespan);
  if (input.public_client !== undefined) changes.public_client = String(input.public_client);
  if (input.active !== undefined) changes.active = String(input.active);
  if (input.oauth_application_user !== undefined) {
    changes.oauth_application_user = userSysId(ctx, input.oauth_application_user);
  }
  const existing = ctx.store
    .prepare(`SELECT "sys_id" FROM "oauth_entity" WHERE "client_id" = ? LIMIT 1`)
    .get(input.client_id) as { sys_id: string } | undefined;
  if (existing) {
    ctx.store.update('oauth_entity', existing.sys_id, changes);
  } else {
    insertApp(ctx, {
      name: input.client_id,
      redirect_url: LOOPBACK_REDIRECTS,
      ...changes,
      client_id: input.client_id,
    });
  }
  const app = ctx.store
    .prepare(`SELECT * FROM "oauth_entity" WHERE "client_id" = ? LIMIT 1`)
    .get(input.client_id) as Row;
  return toApp(app);
}

/** A user's sys_id from its sys_id or user_name ('' stays ''; an unknown name is kept and refused at grant time). */
function userSysId(ctx: EmulatorContext, idOrName: string): string {
  if (idOrName === '') return '';
  const row = ctx.store
    .prepare(`SELECT "sys_id" FROM "sys_user" WHERE "sys_id" = ? OR "user_name" = ? LIMIT 1`)
    .get(idOrName, idOrName) as { sys_id: string } | undefined;
  return row?.sys_id ?? idOrName;
}

function insertApp(ctx: EmulatorContext, row: Row): void {
  const table = ctx.schema.table('oauth_entity');
  if (!table) throw new Error('emulator schema has no oauth_entity table');
  const sysId = fixedId(`oauth_entity:${row.client_id ?? ''}`);
  ctx.store.insert(table.physical, { ...newRowDefaults(table, sysId, 'admin', ctx.clock()), ...row });
}

/** Seed hook: the two demo applications, with ServiceNow's default lifespans. */
export function seedDemoApps(ctx: EmulatorContext): void {
  for (const [clientId, secret, publicClient, name] of [
    [DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, 'false', 'nowrest demo'],
    [DEMO_PUBLIC_CLIENT_ID, '', 'true', 'nowrest demo (public, PKCE)'],
  ] as const) {
    if (findApp(ctx, clientId)) continue;
    insertApp(ctx, {
      name,
      client_id: clientId,
      client_secret: secret,
      redirect_url: LOOPBACK_REDIRECTS,
      access_token_lifespan: '1800',
      refresh_token_lifespan: '8640000',
      public_client: publicClient,
      active: 'true',
    });
  }
}
