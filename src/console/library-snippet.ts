import { profileTokenUrl, type ConnectionProfile } from '../lib/config/connections.js';
import { builderSnippet, type OperationsRequest } from './operations-query.js';

const str = (value: string): string => JSON.stringify(value);

/**
 * The client for the profile, as TypeScript statements that compile against `nowrest`: the settings written out,
 * the secrets read from environment variables (never shown on the page). OAuth needs a token store that holds the
 * tokens, so that snippet names the one to fill.
 */
function clientLines(profile: ConnectionProfile): { imports: string[]; lines: string[] } {
  const head = `const sn = createClient({ name: ${str(profile.name)}, baseUrl: ${str(profile.baseUrl)}, auth }`;
  if (profile.auth === 'basic') {
    return {
      imports: [],
      lines: [
        `// The password is read from SN_PASSWORD: secrets never appear on this page.`,
        `const auth = { type: 'basic', username: ${str(profile.username ?? '')}, password: process.env['SN_PASSWORD'] ?? '' } as const;`,
        `${head});`,
      ],
    };
  }
  const tokenUrl = profileTokenUrl(profile);
  if (profile.auth === 'jwt') {
    return {
      imports: [`import { readFileSync } from 'node:fs';`],
      lines: [
        `const auth = {`,
        `  type: 'jwt',`,
        `  clientId: ${str(profile.clientId ?? '')},`,
        `  clientSecret: process.env['SN_CLIENT_SECRET'] ?? '',`,
        `  subject: ${str(profile.subject ?? '')},`,
        `  privateKey: readFileSync(process.env['SN_PRIVATE_KEY_FILE'] ?? 'jwt-key.pem', 'utf8'),`,
        ...(profile.keyId ? [`  keyId: ${str(profile.keyId)},`] : []),
        `  tokenUrl: ${str(tokenUrl)},`,
        `} as const;`,
        `${head});`,
      ],
    };
  }
  return {
    imports: [],
    lines: [
      `const auth = { type: 'oauth2', clientId: ${str(profile.clientId ?? '')}, tokenUrl: ${str(tokenUrl)} } as const;`,
      `// The tokens: a TokenStore that holds them, e.g. the vault the CLI and console share (openVault().tokenStore()).`,
      `const tokenStore = new MemoryTokenStore();`,
      `const strategy = createOAuthAuth({`,
      `  connectionName: ${str(profile.name)},`,
      `  clientId: auth.clientId,`,
      `  clientSecret: process.env['SN_CLIENT_SECRET'] ?? '',`,
      `  tokenUrl: auth.tokenUrl,`,
      `  tokenStore,`,
      `});`,
      `${head}, { auth: strategy });`,
    ],
  };
}

/** The library code that runs the same list, as the Operations page shows it; it compiles as shown. */
export function librarySnippet(profile: ConnectionProfile, req: OperationsRequest): string {
  const builder = builderSnippet(req);
  const options = [`query: ${builder}`];
  if (req.fields.length > 0) options.push(`fields: ${JSON.stringify(req.fields)}`);
  if (req.displayValue !== 'false') options.push(`displayValue: ${req.displayValue === 'all' ? "'all'" : 'true'}`);
  options.push(`pageSize: ${req.pageSize}`);
  const client = clientLines(profile);
  const names = [
    'createClient',
    ...(profile.auth === 'oauth2' ? ['createOAuthAuth', 'MemoryTokenStore'] : []),
    ...(builder.startsWith('query(') ? ['query'] : []),
  ];
  return [
    ...client.imports,
    `import { ${names.join(', ')} } from 'nowrest';`,
    ``,
    `// Connection "${profile.name}": ${profile.baseUrl}`,
    ...client.lines,
    `const page = await sn.table(${JSON.stringify(req.table)}).list({ ${options.join(', ')} });`,
    `for (const record of page.records) console.log(record);`,
  ].join('\n');
}
