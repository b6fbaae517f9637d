/**
 * Creates through the Batch API against single creates, with 100 ms of latency on every HTTP request (the
 * emulator's latency fault, in a child process). Batched: 10k creates, 100 per batch, 8 batches in flight.
 * Sequential singles at 100 ms each would take ~17 minutes for 10k, so their rate is measured on a subset
 * and compared as a rate (records/s); concurrent singles (8 in flight) are shown as a second reference.
 */
import { createClient, type ServiceNowClient } from '../src/lib/index.js';
import { startChild, stopChild } from './support/child.js';
import { fmt, report } from './support/stats.js';

const LATENCY_MS = 100;
const TOTAL = Number(process.env.BENCH_BATCH_CREATES ?? '10000');
const BATCH_SIZE = 100;
const CONCURRENCY = 8;
const SEQUENTIAL_SUBSET = Number(process.env.BENCH_SEQUENTIAL_CREATES ?? '50');
const CONCURRENT_SUBSET = 400;

const record = (run: string, i: number): Record<string, string> => ({
  short_description: `bench ${run} ${i}`,
  urgency: String((i % 3) + 1),
});

/** Records per second of `count` creates run by `work`. */
async function rate(count: number, work: () => Promise<void>): Promise<{ perSecond: number; seconds: number }> {
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: count / seconds, seconds };
}

async function countOf(sn: ServiceNowClient, run: string): Promise<number> {
  return (await sn.stats('incident', { query: `short_descriptionSTARTSWITHbench ${run} ` })).count ?? 0;
}

export async function runBatchCreates(): Promise<void> {
  const emu = await startChild('bench/support/serve-emulator.ts', ['60', String(LATENCY_MS)]);
  const sn = createClient(
    { name: 'bench', baseUrl: `${emu.line}/api/now/v2`, auth: { type: 'basic', username: 'admin', password: 'admin' } },
    { maxRetries: 0 },
  );
  try {
    const sequential = await rate(SEQUENTIAL_SUBSET, async () => {
      for (let i = 0; i < SEQUENTIAL_SUBSET; i++) await sn.table('incident').create(record('seq', i));
    });
    const concurrent = await rate(CONCURRENT_SUBSET, async () => {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < CONCURRENT_SUBSET) await sn.table('incident').create(record('conc', next++));
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    });
    const writer = sn.batchWriter({ batchSize: BATCH_SIZE, concurrency: CONCURRENCY });
    const batched = await rate(TOTAL, async () => {
      await Promise.all(Array.from({ length: TOTAL }, (_, i) => writer.create('incident', record('batch', i))));
      await writer.flush();
    });
    const stored = await countOf(sn, 'batch');
    if (stored !== TOTAL) throw new Error(`expected ${TOTAL} batched records, found ${stored}`);
    report(`batch-creates: ${fmt(TOTAL)} creates, ${LATENCY_MS} ms latency per request`, [
      [
        `sequential single creates (${SEQUENTIAL_SUBSET}, rate extrapolated)`,
        `${fmt(sequential.perSecond, 1)} records/s (10k would take ~${fmt(TOTAL / sequential.perSecond / 60, 1)} min)`,
      ],
      [`single creates, ${CONCURRENCY} in flight (${CONCURRENT_SUBSET})`, `${fmt(concurrent.perSecond, 1)} records/s`],
      [
        `batch ${BATCH_SIZE}/request, ${CONCURRENCY} batches in flight`,
        `${fmt(batched.perSecond, 1)} records/s (${fmt(batched.seconds, 1)} s, all ${fmt(stored)} stored)`,
      ],
      ['speed-up vs sequential singles (target >= 8x)', `${fmt(batched.perSecond / sequential.perSecond, 1)}x`],
      ['speed-up vs concurrent singles', `${fmt(batched.perSecond / concurrent.perSecond, 1)}x`],
    ]);
  } finally {
    await sn.close();
    await stopChild(emu.child);
  }
}
