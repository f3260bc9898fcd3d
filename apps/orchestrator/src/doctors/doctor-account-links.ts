import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { withDeadline } from '@medicalink/cache';
import type { Logger } from '@medicalink/observability';
import { APP_CONFIG, APP_LOGGER } from '@medicalink/runtime';
import type { OrchestratorEnv } from '../config';
import { REDIS } from '../infrastructure/cache.module';

/** A link is kept this long after it was last seen (a week: any doctor read weekly stays linked). */
const LINK_TTL_SEC = 7 * 24 * 3_600;
/** How many links each process also keeps in memory (the oldest learnt go first). */
const LOCAL_LINKS = 10_000;
const key = (doctorId: string) => `doctor-account:${doctorId}`;

/**
 * Which account each doctor profile belongs to. A profile never changes account, so the link
 * can be remembered apart from the cached reads (which events drop): a read that misses the
 * cache then asks the directory and accounts at once, instead of asking accounts only once the
 * directory has named the account. Links live in Redis (shared by every instance) and in each
 * process's memory (so most misses cost no extra round trip). Best effort: an unknown link (or
 * Redis down) means the two are asked one after the other, as without it, and a link the
 * profile contradicts is replaced.
 */
@Injectable()
export class DoctorAccountLinks {
  private readonly local = new Map<string, string>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly env: OrchestratorEnv,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** The known account of each doctor id (the unknown ones are left out). */
  async accountsOf(doctorIds: readonly string[]): Promise<Map<string, string>> {
    const links = new Map<string, string>();
    if (!this.env.DOCTOR_READ_FAN_OUT) return links;
    const unknown: string[] = [];
    for (const id of doctorIds) {
      const accountId = this.local.get(id);
      if (accountId) links.set(id, accountId);
      else unknown.push(id);
    }
    if (unknown.length === 0) return links;
    try {
      const values = await withDeadline(
        this.redis.mget(unknown.map(key)),
        this.env.CACHE_TIMEOUT_MS,
      );
      unknown.forEach((id, index) => {
        const accountId = values[index];
        if (!accountId) return;
        links.set(id, accountId);
        this.keep(id, accountId);
      });
    } catch {
      // unknown for now: this read asks one after the other
    }
    return links;
  }

  /** Remembers the doctors' accounts; never delays or fails the read that learnt them. */
  remember(doctors: readonly { id: string; accountId: string }[]): void {
    if (!this.env.DOCTOR_READ_FAN_OUT || doctors.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const doctor of doctors) {
      this.keep(doctor.id, doctor.accountId);
      pipeline.set(key(doctor.id), doctor.accountId, 'EX', LINK_TTL_SEC);
    }
    pipeline.exec().catch((error: unknown) => {
      this.logger.debug({ err: (error as Error).message }, 'could not remember doctor accounts');
    });
  }

  private keep(doctorId: string, accountId: string): void {
    this.local.delete(doctorId);
    this.local.set(doctorId, accountId);
    if (this.local.size > LOCAL_LINKS) {
      const oldest = this.local.keys().next();
      if (!oldest.done) this.local.delete(oldest.value);
    }
  }
}
