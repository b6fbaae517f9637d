import { BatchUnservicedError } from './batch-unserviced-error.js';
import type { BatchExecuteOptions, BatchItemResult } from './batch-types.js';
import { sendBatch, type BatchContext, type OutgoingItem } from './send-batch.js';

let batchCounter = 0;

const unservicedResult = (id: string): BatchItemResult => ({
  id,
  status: 0,
  body: undefined,
  headers: new Headers(),
  error: new BatchUnservicedError(id),
});

/**
 * Sends the items as one batch, then resends only the items the instance did not run (`unserviced_requests`:
 * nothing was written for them, so a resend cannot duplicate anything). When a round runs nothing at all,
 * its first item is the one over a limit: it fails with {@link BatchUnservicedError} and the rest go on, so
 * every round makes progress. Returns one result per item, in the items' order.
 *
 * @throws whatever the batch POST throws (network, 401, …): then no item's outcome is known.
 */
export async function executeBatch(
  ctx: BatchContext,
  items: readonly OutgoingItem[],
  options: BatchExecuteOptions = {},
): Promise<BatchItemResult[]> {
  const results = new Map<string, BatchItemResult>();
  let pending = [...items];
  while (pending.length > 0) {
    batchCounter += 1;
    const answer = await sendBatch(ctx, pending, {
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      batchRequestId: String(batchCounter),
    });
    const again: OutgoingItem[] = [];
    for (const item of pending) {
      const result = answer.serviced.get(item.id);
      if (result) results.set(item.id, result);
      else again.push(item);
    }
    if (again.length === pending.length) {
      const [head, ...rest] = again;
      if (head) results.set(head.id, unservicedResult(head.id));
      pending = rest;
    } else {
      pending = again;
    }
  }
  return items.map((item) => results.get(item.id) ?? unservicedResult(item.id));
}
