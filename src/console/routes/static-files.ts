import { readFile } from 'node:fs/promises';
import type { Hono } from 'hono';

// A fixed list, not a directory walk: nothing but these three files can ever be served from disk.
const FILES: Readonly<Record<string, string>> = {
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};

const cache = new Map<string, string>();

async function load(name: string): Promise<string> {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  // Works from src/ (tsx) and from dist/ (copy-assets.mjs copies static/ next to the compiled file).
  const text = await readFile(new URL(`../static/${name}`, import.meta.url), 'utf8');
  cache.set(name, text);
  return text;
}

/** Serves the console's own script and stylesheet. */
export function registerStaticRoutes(app: Hono): void {
  app.get('/static/:name', async (c) => {
    const name = c.req.param('name');
    const type = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    if (type === undefined) return c.text('Not found', 404);
    return c.body(await load(name), 200, { 'Content-Type': type });
  });
}
