import { Inject, Injectable } from '@nestjs/common';
import {
  paginationMetadata,
  staffAccountCreated,
  staffAccountDeleted,
  staffAccountUpdated,
  type Account,
  type ListAccountsQuery,
  type PaginatedResponse,
  type RpcRequestParsed,
  type accountRpc,
} from '@medicalink/contracts';
import {
  isUniqueViolation,
  lockId,
  Outbox,
  retireId,
  OutboxEvents,
  OutboxRelay,
  runIdempotent,
  type Kysely,
  type Updateable,
} from '@medicalink/persistence';
import { DATABASE } from '@medicalink/runtime';
import type { AccountsDatabase, AccountsTable } from '../database/accounts.schema';
import { assertMayAsk, assertMayChange } from './account-change-rules';
import {
  accountNotFound,
  businessIdTaken,
  emailTaken,
  idRetired,
  idTaken,
} from './accounts.errors';
import { AccountsRepository, toAccount, type AccountRow } from './accounts.repository';
import { PasswordHasher } from './password-hasher';

type CreateAccount = RpcRequestParsed<typeof accountRpc.create>;
type Update = RpcRequestParsed<typeof accountRpc.update>;
type UpdateFields = Update['fields'];

const FIELD_COLUMNS = {
  fullName: 'full_name',
  dob: 'dob',
  phone: 'phone',
  membershipExpiresAt: 'membership_expires_at',
  businessId: 'business_id',
  isActive: 'is_active',
  privilege: 'privilege',
} as const satisfies Record<keyof UpdateFields, keyof AccountsTable>;

/** Changing one of these ends the account's existing tokens (its token version goes up). */
const TOKEN_ENDING_FIELDS: ReadonlySet<string> = new Set(['isActive', 'privilege']);

@Injectable()
export class AccountsService {
  constructor(
    @Inject(DATABASE) private readonly db: Kysely<AccountsDatabase>,
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly relay: OutboxRelay,
  ) {}

  /** Creates an account; with an idempotency key a repeated command returns the first reply. */
  async create(request: CreateAccount, idempotencyKey?: string): Promise<Account> {
    const passwordHash = await this.hasher.hash(request.password);
    const work = async (trx: Kysely<AccountsDatabase>, events: OutboxEvents) => {
      const row = await this.insertAccount(trx, request, passwordHash);
      events.add(staffAccountCreated, {
        accountId: row.id,
        email: row.email,
        fullName: row.full_name,
        privilege: row.privilege,
        organizationId: row.organization_id,
        occurredAt: row.created_at.toISOString(),
      });
      return toAccount(row, []);
    };
    const account = await runIdempotent(
      this.db,
      {
        command: 'account.create',
        key: idempotencyKey,
        request,
        ...(request.id ? { createsId: { id: request.id, retired: idRetired } } : {}),
      },
      work,
    );
    this.relay.nudge();
    return account;
  }

  async get(id: string): Promise<Account> {
    const row = await this.accounts.findById(this.db, id);
    if (!row) throw accountNotFound(id);
    return this.withPermissions(row);
  }

  async getMany(ids: readonly string[]): Promise<Account[]> {
    const rows = await this.accounts.findByIds(this.db, [...new Set(ids)]);
    const permissions = await this.accounts.permissionsOf(
      this.db,
      rows.map((row) => row.id),
    );
    return rows.map((row) => toAccount(row, permissions.get(row.id) ?? []));
  }

  /** Who may list is the gateway's decision (admin, main); the list itself is every account. */
  async list(query: ListAccountsQuery): Promise<PaginatedResponse<Account>> {
    const { rows, total } = await this.accounts.list(this.db, query);
    const permissions = await this.accounts.permissionsOf(
      this.db,
      rows.map((row) => row.id),
    );
    return {
      data: rows.map((row) => toAccount(row, permissions.get(row.id) ?? [])),
      meta: paginationMetadata(query.page, query.limit, total),
    };
  }

  async findByEmail(email: string): Promise<Account | null> {
    const row = await this.accounts.findByEmail(this.db, email);
    return row ? this.withPermissions(row) : null;
  }

  async findByBusinessId(businessId: string): Promise<Account | null> {
    const row = await this.accounts.findByBusinessId(this.db, businessId);
    return row ? this.withPermissions(row) : null;
  }

  /**
   * Applies the given fields if the actor may change them (account-change-rules.ts: every path
   * that changes an account comes through here); emits staff.account.updated when something
   * changed.
   */
  async update({ id, fields, actor }: Update): Promise<Account> {
    assertMayAsk(actor, id, fields);
    const account = await this.db.transaction().execute(async (trx) => {
      const current = await this.accounts.findByIdForUpdate(trx, id);
      if (!current) throw accountNotFound(id);
      assertMayChange(actor, current, fields);
      const changes = changedColumns(current, fields);
      if (Object.keys(changes.values).length === 0) return this.withPermissions(current, trx);
      if (changes.fields.some((field) => TOKEN_ENDING_FIELDS.has(field))) {
        changes.values.token_version = current.token_version + 1;
      }
      const row = await this.accounts.update(trx, id, changes.values).catch((error: unknown) => {
        if (isUniqueViolation(error, 'accounts_business_id_key')) throw businessIdTaken();
        throw error;
      });
      await Outbox.add(trx, staffAccountUpdated, {
        accountId: row.id,
        email: row.email,
        fullName: row.full_name,
        dob: row.dob,
        phone: row.phone,
        membershipExpiresAt: row.membership_expires_at?.toISOString() ?? null,
        isActive: row.is_active,
        changed: changes.fields,
        occurredAt: row.updated_at.toISOString(),
      });
      return this.withPermissions(row, trx);
    });
    this.relay.nudge();
    return account;
  }

  /** Idempotent: deleting an account that is already gone succeeds (saga compensation). */
  async delete(id: string): Promise<boolean> {
    const deleted = await this.db.transaction().execute(async (trx) => {
      await lockId(trx, id);
      await retireId(trx, id);
      if (!(await this.accounts.delete(trx, id))) return false;
      await Outbox.add(trx, staffAccountDeleted, {
        accountId: id,
        occurredAt: new Date().toISOString(),
      });
      return true;
    });
    if (deleted) this.relay.nudge();
    return deleted;
  }

  private async insertAccount(
    trx: Kysely<AccountsDatabase>,
    request: CreateAccount,
    passwordHash: string,
  ): Promise<AccountRow> {
    try {
      return await this.accounts.insert(trx, {
        ...(request.id ? { id: request.id } : {}),
        email: request.email,
        password_hash: passwordHash,
        full_name: request.fullName,
        dob: request.dob ?? null,
        phone: request.phone ?? null,
        privilege: request.privilege,
        organization_id: request.organizationId ?? null,
        business_id: request.businessId ?? null,
        membership_expires_at: request.membershipExpiresAt
          ? new Date(request.membershipExpiresAt)
          : null,
      });
    } catch (error) {
      if (isUniqueViolation(error, 'accounts_email_key')) throw emailTaken();
      if (isUniqueViolation(error, 'accounts_business_id_key')) throw businessIdTaken();
      if (isUniqueViolation(error, 'accounts_pkey')) throw idTaken();
      throw error;
    }
  }

  private async withPermissions(
    row: AccountRow,
    db: Kysely<AccountsDatabase> = this.db,
  ): Promise<Account> {
    const permissions = await this.accounts.permissionsOf(db, [row.id]);
    return toAccount(row, permissions.get(row.id) ?? []);
  }
}

function changedColumns(current: AccountRow, fields: UpdateFields) {
  const values: Updateable<AccountsTable> = {};
  const changed: string[] = [];
  for (const [field, column] of Object.entries(FIELD_COLUMNS) as [
    keyof UpdateFields,
    keyof typeof values,
  ][]) {
    const next = fields[field];
    if (next === undefined) continue;
    const stored =
      field === 'membershipExpiresAt' ? (next === null ? null : new Date(next as string)) : next;
    const before = current[column];
    if (sameValue(before, stored)) continue;
    (values as Record<string, unknown>)[column] = stored;
    changed.push(field);
  }
  return { values, fields: changed };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}
