import {
  isAtLeast,
  OWNER_ACCOUNT_FIELDS,
  type AccountActor,
  type Privilege,
  type RpcRequestParsed,
  type accountRpc,
} from '@medicalink/contracts';
import { changeForbidden } from './accounts.errors';

type UpdateFields = RpcRequestParsed<typeof accountRpc.update>['fields'];

const OWNER_FIELDS: ReadonlySet<string> = new Set(OWNER_ACCOUNT_FIELDS);

/**
 * Before the account is read: an owner reaches only its own account (403 for any other, so the
 * answer never tells whether an id exists) and only its profile fields.
 */
export function assertMayAsk(actor: AccountActor, id: string, fields: UpdateFields): void {
  if (actor.privilege !== 'owner') return;
  if (actor.id !== id) throw changeForbidden('Owners may only change their own account');
  const staffFields = Object.keys(fields).filter(
    (field) => fields[field as keyof UpdateFields] !== undefined && !OWNER_FIELDS.has(field),
  );
  if (staffFields.length > 0) {
    throw changeForbidden(`Only admin and main may change ${staffFields.join(', ')}`, staffFields);
  }
}

/**
 * With the account read (and locked): an admin never changes a main account, whatever the
 * field; nobody grants a privilege above their own.
 */
export function assertMayChange(
  actor: AccountActor,
  target: { privilege: Privilege },
  fields: UpdateFields,
): void {
  if (!isAtLeast(actor.privilege, target.privilege)) {
    throw changeForbidden(`An ${actor.privilege} may not change a ${target.privilege} account`);
  }
  if (fields.privilege && !isAtLeast(actor.privilege, fields.privilege)) {
    throw changeForbidden('Cannot grant a privilege above your own', ['privilege']);
  }
}
