/**
 * Child process of the token crash soak: performs token refresh writes into an encrypted vault, one after
 * another, the way an OAuth refresh does (inside the store's exclusive section: re-read, then save), and
 * prints `saved <n>` after each. The parent kills it with SIGKILL at random points.
 *
 * usage: node --import tsx soak/token-writer.ts <vault dir> <connection>
 */
import { openVault } from '../src/lib/auth/vault.js';

const [dir, name] = process.argv.slice(2);
if (!dir || !name) {
  process.stderr.write('usage: token-writer.ts <vault dir> <connection>\n');
  process.exit(2);
}

/** The tokens of write n: every field derives from n, so a reader can tell exactly which write it sees. */
function tokensOf(n: number) {
  return {
    accessToken: `access-${n}-${'a'.repeat(64)}`,
    refreshToken: `refresh-${n}-${'r'.repeat(64)}`,
    expiresAt: 1_700_000_000_000 + n,
    tokenType: 'Bearer',
    scope: 'useraccount',
  };
}

const store = (await openVault({ dir })).tokenStore();
const current = await store.load(name);
let n = current ? Number(/^access-(\d+)-/.exec(current.accessToken)?.[1] ?? '0') : 0;
process.stdout.write(`ready ${n}\n`);
for (;;) {
  const next = n + 1;
  await store.exclusive!(name, async () => {
    await store.load(name);
    await store.save(name, tokensOf(next));
  });
  n = next;
  // Pipes are written synchronously on Linux, so "saved n" is out before the next write starts.
  process.stdout.write(`saved ${n}\n`);
}
