import { Controller, Inject } from '@nestjs/common';
import { staffAccountUpdated, type EventPayload } from '@medicalink/contracts';
import { EventHandler, type AmqpMessageContext } from '@medicalink/messaging';
import { claimMessage, OutboxRelay, type Kysely } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import type { DirectoryDatabase } from '../database/directory.schema';
import { DoctorsService } from '../doctors/doctors.service';

const CONSUMER = 'directory.account-sync';

/** Keeps doctors' display names equal to their accounts' names, so a name search is one query. */
@Controller()
export class AccountSyncController {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<DirectoryDatabase>,
    private readonly doctors: DoctorsService,
    private readonly relay: OutboxRelay,
  ) {}

  @EventHandler(staffAccountUpdated)
  async accountUpdated(
    event: EventPayload<typeof staffAccountUpdated>,
    context: AmqpMessageContext,
  ) {
    if (!event.changed.includes('fullName')) return;
    const messageId = context.messageId ?? `${event.accountId}:${event.occurredAt}`;
    const renamed = await this.db.transaction().execute(async (trx) => {
      if (!(await claimMessage(trx, CONSUMER, messageId))) return false;
      const { accountId, fullName, occurredAt } = event;
      return this.doctors.applyAccountName(trx, accountId, fullName, new Date(occurredAt));
    });
    if (renamed) this.relay.nudge();
  }
}
