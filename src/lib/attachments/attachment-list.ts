import type { AttachmentMetadata } from './attachment-metadata.js';

/** Fetches one page of metadata at an offset. */
export type AttachmentPageFetcher = (offset: number) => Promise<AttachmentMetadata[]>;

/**
 * The answer of `sn.attachments.list()`: `await` it for one page, or `for await` over it for every matching
 * attachment, page by page (offset paging, `limit` per request). Offset paging can skip or repeat rows while
 * attachments are added or deleted; add an ORDERBY to the query for a stable order.
 */
export class AttachmentList implements PromiseLike<AttachmentMetadata[]>, AsyncIterable<AttachmentMetadata> {
  readonly #fetch: AttachmentPageFetcher;
  readonly #offset: number;
  readonly #limit: number;
  #first: Promise<AttachmentMetadata[]> | undefined;

  constructor(fetch: AttachmentPageFetcher, offset: number, limit: number) {
    this.#fetch = fetch;
    this.#offset = offset;
    this.#limit = limit;
  }

  then<A = AttachmentMetadata[], B = never>(
    onFulfilled?: ((page: AttachmentMetadata[]) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.#first ??= this.#fetch(this.#offset);
    return this.#first.then(onFulfilled, onRejected);
  }

  /** Every matching attachment; stops after a short page. Stops fetching when the loop is left early. */
  async *[Symbol.asyncIterator](): AsyncIterator<AttachmentMetadata> {
    let offset = this.#offset;
    for (;;) {
      const page = await this.#fetch(offset);
      yield* page;
      if (page.length < this.#limit) return;
      offset += page.length;
    }
  }
}
