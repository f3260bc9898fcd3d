import { Controller } from '@nestjs/common';
import { CacheService } from '@medicalink/cache';
import {
  doctorProfileCreated,
  doctorProfileDeleted,
  doctorProfileUpdated,
  staffAccountDeleted,
  staffAccountUpdated,
  type EventPayload,
} from '@medicalink/contracts';
import { EventHandler } from '@medicalink/messaging';
import { CacheTag } from './doctor-composite';

/**
 * Drops exactly the cached reads an event affects, whoever made the change.
 * Dropping is idempotent, so redeliveries are harmless; a Redis failure throws
 * and the event is retried through the delay queues.
 */
@Controller()
export class CacheInvalidationController {
  constructor(private readonly cache: CacheService) {}

  @EventHandler(doctorProfileCreated)
  async doctorCreated() {
    await this.cache.invalidate([CacheTag.doctorLists]);
  }

  @EventHandler(doctorProfileUpdated)
  async doctorUpdated({ doctorId }: EventPayload<typeof doctorProfileUpdated>) {
    await this.cache.invalidate([CacheTag.doctor(doctorId), CacheTag.doctorLists]);
  }

  @EventHandler(doctorProfileDeleted)
  async doctorDeleted({ doctorId }: EventPayload<typeof doctorProfileDeleted>) {
    await this.cache.invalidate([CacheTag.doctor(doctorId), CacheTag.doctorLists]);
  }

  @EventHandler(staffAccountUpdated)
  async accountUpdated({ accountId }: EventPayload<typeof staffAccountUpdated>) {
    await this.cache.invalidate([CacheTag.account(accountId)]);
  }

  @EventHandler(staffAccountDeleted)
  async accountDeleted({ accountId }: EventPayload<typeof staffAccountDeleted>) {
    await this.cache.invalidate([CacheTag.account(accountId)]);
  }
}
