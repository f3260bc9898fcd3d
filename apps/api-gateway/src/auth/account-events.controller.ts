import { Controller } from '@nestjs/common';
import { staffAccountDeleted, staffAccountUpdated, type EventPayload } from '@medicalink/contracts';
import { EventHandler } from '@medicalink/messaging';
import { TokenStates } from './token-states';

/**
 * An account change may end its tokens: the cached token state is dropped, so the next request
 * asks the accounts service. (Gateway instances share this queue; the others notice within
 * TOKEN_STATE_TTL_MS.)
 */
@Controller()
export class AccountEventsController {
  constructor(private readonly states: TokenStates) {}

  @EventHandler(staffAccountUpdated)
  accountUpdated({ accountId }: EventPayload<typeof staffAccountUpdated>): void {
    this.states.forget(accountId);
  }

  @EventHandler(staffAccountDeleted)
  accountDeleted({ accountId }: EventPayload<typeof staffAccountDeleted>): void {
    this.states.forget(accountId);
  }
}
