import { Controller, Inject } from '@nestjs/common';
import {
  doctorProfileUpdated,
  staffAccountUpdated,
  type EventPayload,
} from '@medicalink/contracts';
import { EventHandler, type AmqpMessageContext } from '@medicalink/messaging';
import { claimMessage, Outbox, OutboxRelay, type Kysely } from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import type { DirectoryDatabase } from '../database/directory.schema';
import { DoctorsRepository } from '../doctors/doctors.repository';
import { snapshot } from '../doctors/doctors.service';

const CONSUMER = 'directory.account-sync';

/** Keeps doctors' display names equal to their accounts' names, so a name search is one query. */
@Controller()
export class AccountSyncController {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<DirectoryDatabase>,
    private readonly doctors: DoctorsRepository,
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
      const row = await this.doctors.renameByAccount(
        trx,
        event.accountId,
        event.fullName,
        new Date(event.occurredAt),
      );
      if (!row) return false;
      await Outbox.add(trx, doctorProfileUpdated, { ...snapshot(row), changed: ['displayName'] });
      return true;
    });
    if (renamed) this.relay.nudge();
  }
}
