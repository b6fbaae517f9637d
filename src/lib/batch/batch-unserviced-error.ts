import { ServiceNowError } from '../errors/service-now-error.js';

/**
 * A batch item the instance did not run (it was listed in `unserviced_requests`, e.g. the batch hit its
 * size or time limit) and that was still unserviced after the allowed resends. Nothing was written for it.
 */
export class BatchUnservicedError extends ServiceNowError {
  readonly itemId: string;

  constructor(itemId: string) {
    super(
      `Batch request ${itemId} was not serviced by the instance (batch size or time limit); nothing was written. Send smaller batches`,
      'SN_BATCH_UNSERVICED',
    );
    this.itemId = itemId;
  }
}
