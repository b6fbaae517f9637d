/**
 * Child process for benchmarks: a server that costs almost nothing per request, so a client loop against it is
 * bound by the client's own work. It answers keyset requests (`sys_id>X^ORDERBYsys_id`) from pages built at start:
 * the records of a template page (a real emulator page) with sequential hex sys_ids, N records in all.
 * Usage: serve-pages.ts <template-page.json> <records>. Prints its URL when ready.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const template = (JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { result: Record<string, unknown>[] }).result;
const total = Number(process.argv[3] ?? '100000');
const size = template.length;
const pages: Buffer[] = [];
for (let start = 0; start < total; start += size) {
  const records = template
    .slice(0, Math.min(size, total - start))
    .map((record, i) => ({ ...record, sys_id: (start + i).toString(16).padStart(32, '0') }));
  pages.push(Buffer.from(JSON.stringify({ result: records })));
}
const empty = Buffer.from('{"result":[]}');

const server = createServer((req, res) => {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('sysparm_query') ?? '';
  const after = /sys_id>([0-9a-f]{32})/.exec(query)?.[1];
  const index = after === undefined ? 0 : Math.floor((parseInt(after, 16) + 1) / size);
  const body = pages[index] ?? empty;
  res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8', 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
