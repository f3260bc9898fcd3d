import { Inject, Injectable } from '@nestjs/common';
import { cacheKey, CacheService, type CachedRead } from '@medicalink/cache';
import {
  accountRpc,
  doctorRpc,
  type Account,
  type Doctor,
  type DoctorComposite,
  type PaginatedResponse,
  type RpcRequestParsed,
  type doctorCompositeRpc,
} from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';
import type { Logger } from '@medicalink/observability';
import { APP_CONFIG, APP_LOGGER } from '@medicalink/runtime';
import type { OrchestratorEnv } from '../config';
import { DoctorAccountLinks } from './doctor-account-links';
import { CacheTag, tagsOf, toComposite } from './doctor-composite';

type SearchQuery = Omit<RpcRequestParsed<typeof doctorCompositeRpc.searchComposite>, 'bypassCache'>;
type DoctorUpdate = RpcRequestParsed<typeof doctorCompositeRpc.updateDoctor>;
type AccountUpdate = RpcRequestParsed<typeof doctorCompositeRpc.updateAccount>;

/**
 * Composite doctor reads (directory profile + account) cached in Redis, and the
 * writes routed through here so the cache is dropped as soon as the owner commits.
 */
@Injectable()
export class DoctorCompositionService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly cache: CacheService,
    @Inject(APP_CONFIG) private readonly env: OrchestratorEnv,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    private readonly links: DoctorAccountLinks,
  ) {}

  async getComposite(id: string, bypassCache: boolean): Promise<CachedRead<DoctorComposite>> {
    if (bypassCache) return { value: await this.loadOne(id), cache: { hit: false, ttl: 0 } };
    return this.cache.read(
      'doctor',
      cacheKey('doctor', { id }),
      this.env.CACHE_TTL_SINGLE_SEC,
      async () => {
        const value = await this.loadOne(id);
        return { value, tags: [CacheTag.doctor(value.id), CacheTag.account(value.accountId)] };
      },
    );
  }

  async searchComposite(
    query: SearchQuery,
    bypassCache: boolean,
  ): Promise<CachedRead<PaginatedResponse<DoctorComposite>>> {
    if (bypassCache) return { value: await this.loadPage(query), cache: { hit: false, ttl: 0 } };
    return this.cache.read(
      'doctors',
      cacheKey('doctors', query),
      this.env.CACHE_TTL_LIST_SEC,
      async () => {
        const value = await this.loadPage(query);
        return { value, tags: [CacheTag.doctorLists, ...tagsOf(value.data)] };
      },
    );
  }

  /**
   * The doctors with these ids, in the order asked, unknown ids left out: one directory and one
   * accounts call whatever the number of ids. Cached as one entry per set of ids, tagged with
   * each doctor and account (so their updates drop it) and with the lists (so a doctor created
   * under an id that was unknown shows up).
   */
  async getManyComposite(
    ids: readonly string[],
    bypassCache: boolean,
  ): Promise<CachedRead<DoctorComposite[]>> {
    const unique = [...new Set(ids)];
    const read = bypassCache
      ? { value: await this.loadMany(unique), cache: { hit: false, ttl: 0 } }
      : await this.cache.read(
          'doctors',
          cacheKey('doctors', { ids: [...unique].sort() }),
          this.env.CACHE_TTL_LIST_SEC,
          async () => {
            const value = await this.loadMany(unique);
            return { value, tags: [CacheTag.doctorLists, ...tagsOf(value)] };
          },
        );
    const byId = new Map(read.value.map((doctor) => [doctor.id, doctor]));
    const value = unique.flatMap((id) => {
      const doctor = byId.get(id);
      return doctor ? [doctor] : [];
    });
    return { value, cache: read.cache };
  }

  /** Updates the profile, then drops every cached read containing it before replying. */
  async updateDoctor({ id, fields }: DoctorUpdate): Promise<DoctorComposite> {
    const doctor = await this.rpc.call(doctorRpc.update, { id, fields });
    // If Redis is unreachable now, the doctor.profile.updated event retries the invalidation.
    await this.cache.invalidate([CacheTag.doctor(id), CacheTag.doctorLists]).catch(() => 0);
    const accounts = await this.accountsById([doctor.accountId]);
    return toComposite(doctor, accounts.get(doctor.accountId));
  }

  /**
   * Updates the account, brings the directory's copy of a changed name up to date (name
   * searches match that copy), then drops every cached read it affects before replying.
   */
  async updateAccount({ id, fields, actor }: AccountUpdate): Promise<Account> {
    const account = await this.rpc.call(accountRpc.update, { id, fields, actor });
    const tags = [CacheTag.account(id)];
    if (fields.fullName !== undefined) {
      await this.renameDoctorOf(account);
      tags.push(CacheTag.doctorLists); // a name search may now find (or miss) the doctor
    }
    await this.cache.invalidate(tags).catch(() => 0);
    return account;
  }

  /** The account's new name on its doctor profile, if it has one. */
  private async renameDoctorOf(account: Account): Promise<void> {
    const { id: accountId, fullName: displayName, updatedAt: asOf } = account;
    try {
      await this.rpc.call(doctorRpc.renameAccount, { accountId, displayName, asOf });
    } catch (error) {
      // The account change stands; its staff.account.updated event renames the profile later.
      this.logger.warn(
        { accountId, err: (error as Error).message },
        'could not rename the doctor profile now; the account event will',
      );
    }
  }

  private async loadOne(id: string): Promise<DoctorComposite> {
    const [doctor] = await this.withAccounts([id], async () => [
      await this.rpc.call(doctorRpc.get, { id }),
    ]);
    return doctor!;
  }

  private loadMany(ids: readonly string[]): Promise<DoctorComposite[]> {
    return this.withAccounts(ids, async () => {
      const { doctors } = await this.rpc.call(doctorRpc.getMany, { ids: [...ids] });
      return doctors;
    });
  }

  /**
   * The doctors `fetch` returns, composed with their accounts. The accounts already linked to
   * these doctor ids are fetched at the same time as the doctors (fan-out); any other account
   * once the doctors have named it. New or corrected links are remembered for the next miss.
   */
  private async withAccounts(
    ids: readonly string[],
    fetch: () => Promise<Doctor[]>,
  ): Promise<DoctorComposite[]> {
    const links = await this.links.accountsOf(ids);
    const linked = [...new Set(links.values())];
    const [doctors, early] = await Promise.all([fetch(), this.accountsById(linked)]);
    const asked = new Set(linked);
    const late = await this.accountsById(
      doctors.map((doctor) => doctor.accountId).filter((accountId) => !asked.has(accountId)),
    );
    this.links.remember(doctors.filter((doctor) => links.get(doctor.id) !== doctor.accountId));
    return doctors.map((doctor) =>
      toComposite(doctor, early.get(doctor.accountId) ?? late.get(doctor.accountId)),
    );
  }

  private async loadPage(query: SearchQuery): Promise<PaginatedResponse<DoctorComposite>> {
    const page = await this.rpc.call(doctorRpc.search, query);
    const accounts = await this.accountsById(page.data.map((doctor) => doctor.accountId));
    return {
      data: page.data.map((doctor) => toComposite(doctor, accounts.get(doctor.accountId))),
      meta: page.meta,
    };
  }

  private async accountsById(ids: readonly string[]): Promise<Map<string, Account>> {
    if (ids.length === 0) return new Map();
    const { accounts } = await this.rpc.call(accountRpc.getMany, { ids: [...new Set(ids)] });
    return new Map(accounts.map((account) => [account.id, account]));
  }
}
