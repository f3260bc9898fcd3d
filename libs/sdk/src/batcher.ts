import { failure, type Failure } from './operation-result.js';
import type { CacheMetadata, Doctor } from './types.js';
import type { HttpResult } from './http.js';

export type DoctorLookup =
  { success: true; doctor: Doctor; cache: CacheMetadata | undefined } | Failure;

type FetchBatch = (ids: string[]) => Promise<HttpResult<{ data: Doctor[]; cache?: CacheMetadata }>>;
type FetchOne = (id: string) => Promise<HttpResult<{ data: Doctor; cache?: CacheMetadata }>>;

function lookupOf(result: Awaited<ReturnType<FetchOne>>): DoctorLookup {
  return result.success
    ? { success: true, doctor: result.data.data, cache: result.data.cache }
    : result;
}

/**
 * Collects the getDoctor calls made within one tick and sends them as GET /doctors?ids=...,
 * `batchSize` ids a request (the same id asked twice is sent once). An id the reply does not
 * contain is a 404 for its caller; a failed request fails every caller of its batch, except a 400
 * (some id is malformed), after which each id is asked for alone.
 */
export class DoctorBatcher {
  private pending = new Map<string, Array<(lookup: DoctorLookup) => void>>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly batchSize: number,
    private readonly fetchBatch: FetchBatch,
    private readonly fetchOne: FetchOne,
  ) {}

  load(id: string): Promise<DoctorLookup> {
    return new Promise((resolve) => {
      const waiting = this.pending.get(id);
      if (waiting) waiting.push(resolve);
      else this.pending.set(id, [resolve]);
      this.timer ??= setTimeout(() => this.flush(), 0);
    });
  }

  /** Sends what is queued now (also the tick's end does). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    const ids = [...batch.keys()];
    for (let start = 0; start < ids.length; start += this.batchSize) {
      void this.send(ids.slice(start, start + this.batchSize), batch);
    }
  }

  /** Drops whatever is queued, answering each caller with `reason`. */
  cancel(reason: Failure): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const waiting of this.pending.values()) for (const resolve of waiting) resolve(reason);
    this.pending.clear();
  }

  private async send(
    ids: string[],
    batch: Map<string, Array<(lookup: DoctorLookup) => void>>,
  ): Promise<void> {
    const answer = (id: string, lookup: DoctorLookup) => {
      for (const resolve of batch.get(id) ?? []) resolve(lookup);
    };
    let result: Awaited<ReturnType<FetchBatch>>;
    try {
      result = await this.fetchBatch(ids);
    } catch (error) {
      result = failure('NETWORK_ERROR', error instanceof Error ? error.message : String(error));
    }
    if (!result.success && result.status === 400 && ids.length > 1) {
      // One malformed id refuses the whole batch: ask for each alone, so only its caller fails.
      await Promise.all(ids.map(async (id) => answer(id, lookupOf(await this.fetchOne(id)))));
      return;
    }
    if (!result.success) {
      for (const id of ids) answer(id, result);
      return;
    }
    const byId = new Map(result.data.data.map((doctor) => [doctor.id, doctor]));
    for (const id of ids) {
      const doctor = byId.get(id);
      answer(
        id,
        doctor
          ? { success: true, doctor, cache: result.data.cache }
          : failure('HTTP_ERROR', `Doctor ${id} not found`, {
              status: 404,
              serviceErrors: { gateway: `Doctor ${id} not found` },
            }),
      );
    }
  }
}
