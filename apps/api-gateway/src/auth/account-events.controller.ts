import { Controller } from '@nestjs/common';
import { staffAccountDeleted, staffAccountUpdated, type EventPayload } from '@medicalink/contracts';
import { InstanceEventHandler } from '@medicalink/messaging';
import { TokenStates } from './token-states';

/**
 * An account change may end its tokens: the cached token state is dropped, so the next request
 * asks the accounts service. Every gateway replica gets the event on a queue of its own.
 */
@Controller()
export class AccountEventsController {
  constructor(private readonly states: TokenStates) {}

  @InstanceEventHandler(staffAccountUpdated)
  accountUpdated({ accountId }: EventPayload<typeof staffAccountUpdated>): void {
    this.states.forget(accountId);
  }

  @InstanceEventHandler(staffAccountDeleted)
  accountDeleted({ accountId }: EventPayload<typeof staffAccountDeleted>): void {
    this.states.forget(accountId);
  }
}
