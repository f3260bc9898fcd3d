import { Inject, Injectable } from '@nestjs/common';
import {
  paginationMetadata,
  type DeadLettersQuery,
  type PaginatedResponse,
  type DeadLetterView,
  type ServiceName,
} from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import { AmqpConnection, DEAD_LETTER_BROWSE_MAX, DeadLetterQueues } from '@medicalink/messaging';
import type { Logger } from '@medicalink/observability';
import { APP_CONFIG, APP_LOGGER } from '@medicalink/runtime';

/** Each service's dead-letter queue, read and replayed by the gateway over its own connection. */
@Injectable()
export class DeadLettersService {
  private readonly queues: DeadLetterQueues;

  constructor(
    connection: AmqpConnection,
    @Inject(APP_CONFIG) config: { MESSAGING_PREFIX: string },
    @Inject(APP_LOGGER) logger: Logger,
  ) {
    this.queues = new DeadLetterQueues(connection, config.MESSAGING_PREFIX, logger);
  }

  async list(
    service: ServiceName,
    { page, limit }: DeadLettersQuery,
  ): Promise<PaginatedResponse<DeadLetterView>> {
    const offset = (page - 1) * limit;
    if (offset + limit > DEAD_LETTER_BROWSE_MAX) {
      throw new DomainError(
        'DEAD_LETTER_PAGE_TOO_DEEP',
        `page * limit must be at most ${DEAD_LETTER_BROWSE_MAX}: replay or clear the queue first`,
        400,
      );
    }
    const { messages, total } = await this.queues.list(service, offset, limit);
    return { data: messages, meta: paginationMetadata(page, limit, total) };
  }

  /** `by`: the operator's account id, logged with each replay and carried by each copy */
  async replay(service: ServiceName, messageIds: string[] | undefined, by: string) {
    return { replayed: await this.queues.replay(service, messageIds, by) };
  }
}
