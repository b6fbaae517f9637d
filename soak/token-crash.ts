/**
 * Item 3: token store crash safety. A child process performs token refresh writes into the encrypted vault
 * and is killed with SIGKILL at random points, again and again, for the given number of writes. After every
 * kill the store must decrypt to either the last acknowledged token or the one being written: never a corrupt
 * file. Key and store files must be 0600, and looser permissions must be refused with a clear message.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openVault } from '../src/lib/auth/vault.js';
import { check, type Check, type ScenarioContext, type ScenarioReport } from './scenario.js';
import { transpileClosure } from './transpile-closure.js';

export interface TokenSoakOptions {
  /** Acknowledged refresh writes in total (the issue: 1 000). */
  readonly writes: number;
  /** Each child is killed after a random 1..this many acknowledged writes, at a random moment inside the next. */
  readonly maxWritesPerLife: number;
}

export const TOKEN_DEFAULTS: TokenSoakOptions = { writes: 1000, maxWritesPerLife: 19 };

const NAME = 'soak';

/** Starts the writer, lets it acknowledge `target` writes, kills it a random 0–15 ms later; the last ack seen. */
function oneLife(
  script: string,
  dir: string,
  target: number,
): Promise<{ ready: number; lastSaved: number; exit: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dir, NAME], { stdio: ['ignore', 'pipe', 'pipe'] });
    let ready = -1;
    let lastSaved = -1;
    let saves = 0;
    let buffer = '';
    let stderr = '';
    let killing = false;
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const m = /^(ready|saved) (\d+)$/.exec(line);
        if (!m) continue;
        if (m[1] === 'ready') {
          ready = Number(m[2]);
          lastSaved = ready;
        } else {
          lastSaved = Number(m[2]);
          saves += 1;
        }
      }
      if (saves >= target && !killing) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 16));
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`token writer ended by itself (${code ?? signal}): ${stderr}`));
      else resolve({ ready, lastSaved, exit: signal });
    });
  });
}

const modeOf = async (path: string) => ((await stat(path)).mode & 0o777).toString(8).padStart(3, '0');

/** True when `fn` is refused with a message that names the file and the chmod that fixes it. */
async function refusedLooseMode(path: string, fn: () => Promise<unknown>): Promise<string> {
  await chmod(path, 0o644);
  try {
    await fn();
    return 'NOT refused';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.includes(path) && message.includes('chmod 600') ? 'refused' : `unclear message: ${message}`;
  } finally {
    await chmod(path, 0o600);
  }
}

export async function runTokenSoak(ctx: ScenarioContext, o: TokenSoakOptions): Promise<ScenarioReport> {
  const work = await mkdtemp(join(tmpdir(), 'nowrest-token-soak-'));
  const dir = join(work, 'vault');
  const checks: Check[] = [];
  try {
    const script = await transpileClosure(join(import.meta.dirname, 'token-writer.ts'), join(work, 'build'));
    let acked = 0;
    let kills = 0;
    let corrupt = 0;
    let wrong = 0;
    let landedUnacked = 0;
    let lost = 0;
    const problems: string[] = [];
    const started = performance.now();
    while (acked < o.writes) {
      const target = 1 + Math.floor(Math.random() * Math.min(o.maxWritesPerLife, o.writes - acked));
      const life = await oneLife(script, dir, target);
      kills += 1;
      if (life.ready >= 0 && life.ready < acked) lost += 1;
      let seen: number | undefined;
      try {
        const tokens = await (await openVault({ dir })).tokenStore().load(NAME);
        seen = Number(/^access-(\d+)-/.exec(tokens?.accessToken ?? '')?.[1] ?? '0');
      } catch (error) {
        corrupt += 1;
        problems.push(`after kill ${kills}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (seen !== undefined) {
        if (seen === life.lastSaved + 1) landedUnacked += 1;
        else if (seen !== life.lastSaved) {
          wrong += 1;
          problems.push(`after kill ${kills}: store holds write ${seen}, last acknowledged ${life.lastSaved}`);
        }
      }
      acked = Math.max(acked, life.lastSaved);
      if (kills % 50 === 0) ctx.log(`token: ${kills} kills, ${acked} writes acknowledged`);
    }
    const seconds = (performance.now() - started) / 1000;
    checks.push(
      check(
        'store always decrypts to the old or the new token',
        corrupt === 0 && wrong === 0 && lost === 0,
        `${kills} SIGKILLs over ${acked} acknowledged writes: ${corrupt} corrupt, ${wrong} other values, ${lost} acknowledged writes lost${problems.length > 0 ? `; ${problems.slice(0, 3).join('; ')}` : ''}`,
      ),
    );
    const files = await readdir(dir);
    const key = join(dir, 'master.key');
    const store = files.find((f) => f.endsWith('.vault'));
    const modes = [`master.key ${await modeOf(key)}`, ...(store ? [`${store} ${await modeOf(join(dir, store))}`] : [])];
    // Temp files of the atomic vault write and of the lock (both `.tmp`; `.new` was the lock's older name)
    // orphaned by a kill between their creation and rename/unlink. The promise: the next open sweeps them,
    // so after the last kill and the open that checked it, none is left.
    const strays = files.filter((f) => f.endsWith('.tmp') || f.endsWith('.new'));
    const strayModes = await Promise.all(strays.map((f) => modeOf(join(dir, f))));
    checks.push(
      check(
        'key and store files are 0600',
        store !== undefined && modes.every((m) => m.endsWith(' 600')) && strayModes.every((m) => m === '600'),
        `${modes.join(', ')}${strays.length > 0 ? `; ${strays.length} temp files, all ${[...new Set(strayModes)].join('/')}` : ''}`,
      ),
    );
    checks.push(
      check(
        'no temp files left behind by killed writes',
        strays.length === 0,
        `${strays.length} orphaned temp files after ${kills} kills and the open that followed each${strays.length > 0 ? `: ${strays.slice(0, 3).join(', ')}` : ''}`,
      ),
    );
    const vaultRefusal = store
      ? await refusedLooseMode(join(dir, store), async () => (await openVault({ dir })).tokenStore().load(NAME))
      : 'no store file';
    const keyRefusal = await refusedLooseMode(key, () => openVault({ dir }));
    checks.push(
      check(
        'looser permissions are refused with a clear message',
        vaultRefusal === 'refused' && keyRefusal === 'refused',
        `store file at 0644: ${vaultRefusal}; key file at 0644: ${keyRefusal} (message names the file and \`chmod 600\`)`,
      ),
    );
    return {
      checks,
      figures: [
        ['kills', `${kills} SIGKILLs at random points during ${acked} refresh writes, ${seconds.toFixed(1)} s`],
        [
          'outcome after each kill',
          `${kills - landedUnacked - corrupt - wrong} old token, ${landedUnacked} new token (written, not yet acknowledged), ${corrupt} corrupt`,
        ],
        [
          'litter',
          `${strays.length} orphaned temp files after ${kills} kills (each open sweeps the temp files of dead writers)`,
        ],
      ],
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
