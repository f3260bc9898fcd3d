import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { z } from 'zod';
import { withDeadline } from '@medicalink/cache';
import { sessionRecordSchema, type SessionRecord } from './session-record';
import {
  CLAIM,
  COMPARE_AND_SET,
  CREATE_SESSION,
  EXPIRE_SOONER,
  MOVE_ASIDE,
  RELEASE_CLAIM,
} from './session-scripts';
import {
  SessionConflictError,
  SessionCorruptedError,
  SessionNotFoundError,
  SessionStoreUnavailableError,
  SessionTransitionError,
} from './session.errors';
import { checkTransition, type SessionWorkflow } from './session-workflow';

/** Who is asking. Every read and write checks it against the session's owner. */
export interface SessionAccess {
  userId: string;
  /**
   * Reach sessions of every owner (e.g. admins of a workflow that allows it). Explicit, so
   * that a workflow grants it on purpose, never by default.
   */
  anyOwner?: boolean;
}

/** Where the store reports what a caller must not see (a pino logger fits). */
export interface SessionLogger {
  error(context: Record<string, unknown>, message: string): void;
}

export interface SessionStoreSettings {
  /** told about every unreadable record, with its key */
  logger: SessionLogger;
  /** key namespace inside the client's keyPrefix; default `session:<workflow>:` */
  namespace?: string;
  /** a Redis call slower than this counts as Redis being unavailable (503); default 1000 ms */
  operationTimeoutMs?: number;
}

export interface CreateSessionInput<D> {
  owner: string;
  data: D;
  /** lifetime from now; the session's absolute expiry */
  ttlMs: number;
  /** default: a random UUID */
  id?: string;
}

export interface TransitionOptions<S extends string = string, D = unknown> {
  /** the version the caller's change is based on; another one is a conflict */
  expectedVersion?: number;
  /**
   * The record the caller has just read (with this access): saves reading it again. The write
   * is still compare-and-set on its version, so a stale one is a conflict, never lost data.
   */
  basedOn?: SessionRecord<S, D>;
  /** also let the session expire this many ms after the write (never later than it would) */
  expireAfterMs?: number;
  /**
   * The change only puts values already checked against this workflow's schemas (an RPC
   * request parsed with the same field contracts) into the record just read (checked when
   * read): the record is written without checking it whole again. Leave unset when the change
   * computes values itself. Reads check every record either way.
   */
  dataChecked?: boolean;
}

export type ClaimResult = { claimed: true } | { claimed: false; holder: string };

/** How long an unreadable record with no expiry of its own is kept aside for inspection. */
const ASIDE_KEEP_MS = 24 * 3_600_000;
/** What HMGET answers for a key holding another type than a hash: unreadable, not unavailable. */
const WRONG_TYPE = Symbol('wrong type');

type DataChange<S extends string, D> = (record: SessionRecord<S, D>) => D | Promise<D>;
/** an action, or a choice of action by the draft (e.g. revising a product keeps its target) */
type ActionChoice<S extends string, A extends string, D> = A | ((record: SessionRecord<S, D>) => A);

/**
 * Draft sessions in Redis for one workflow: typed records with an owner, a state, a version and
 * an absolute expiry. Transitions follow the workflow's declared rules and are written with
 * compare-and-set on the version, so of two concurrent writers one wins and the other gets a
 * SessionConflictError — an update is never silently lost. No KEYS: every key is addressed.
 */
export class SessionStore<S extends string, A extends string, D> {
  private readonly namespace: string;
  private readonly timeoutMs: number;
  private readonly schema: z.ZodType<SessionRecord<S, D>>;
  private readonly logger: SessionLogger;

  constructor(
    private readonly redis: Redis,
    readonly workflow: SessionWorkflow<S, A, D>,
    settings: SessionStoreSettings,
  ) {
    this.logger = settings.logger;
    this.namespace = settings.namespace ?? `session:${workflow.name}:`;
    this.timeoutMs = settings.operationTimeoutMs ?? 1_000;
    this.schema = sessionRecordSchema(workflow);
  }

  async create(input: CreateSessionInput<D>): Promise<SessionRecord<S, D>> {
    const now = Date.now();
    const record = this.schema.parse({
      id: input.id ?? randomUUID(),
      workflow: this.workflow.name,
      owner: input.owner,
      state: this.workflow.initial,
      version: 1,
      data: input.data,
      createdAt: new Date(now).toISOString(),
      updatedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + input.ttlMs).toISOString(),
    });
    const created = await this.call('create', (redis) =>
      CREATE_SESSION.run(
        redis,
        [this.sessionKey(record.id)],
        [record.version, JSON.stringify(record), now + input.ttlMs],
      ),
    );
    if (Number(created) !== 1) throw new Error(`session id ${record.id} is already in use`);
    return record;
  }

  /** The session, or SessionNotFoundError when it is unknown, expired or not the caller's. */
  async get(id: string, access: SessionAccess): Promise<SessionRecord<S, D>> {
    const record = await this.find(id);
    if (!record || !this.reaches(record, access)) throw new SessionNotFoundError(id);
    return record;
  }

  /**
   * Applies `action`: refuses it (SessionTransitionError) unless the session is in one of the
   * action's `from` states, computes the new data with `change` (default: unchanged), and
   * writes state, data and version + 1 only if nobody wrote in between (else
   * SessionConflictError). The change function may do I/O; the compare-and-set covers it.
   */
  async transition(
    id: string,
    access: SessionAccess,
    choice: ActionChoice<S, A, D>,
    change?: DataChange<S, D>,
    options: TransitionOptions<S, D> = {},
  ): Promise<SessionRecord<S, D>> {
    const current =
      options.basedOn?.id === id && this.reaches(options.basedOn, access)
        ? options.basedOn
        : await this.get(id, access);
    if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
      throw new SessionConflictError(id, options.expectedVersion, current.version);
    }
    const action = typeof choice === 'function' ? choice(current) : choice;
    const to = this.assertAllowed(current, action);
    const data = change ? await change(current) : current.data;
    const draft: SessionRecord<S, D> = {
      ...current,
      state: to,
      data,
      version: current.version + 1,
      updatedAt: new Date().toISOString(),
    };
    const next = options.dataChecked ? draft : this.schema.parse(draft);
    const written = Number(
      await this.call('transition', (redis) =>
        COMPARE_AND_SET.run(
          redis,
          [this.sessionKey(id)],
          [
            current.version,
            next.version,
            JSON.stringify(next),
            options.expireAfterMs === undefined
              ? ''
              : Math.max(1, Math.round(options.expireAfterMs)),
          ],
        ),
      ),
    );
    if (written === -1) throw new SessionNotFoundError(id);
    if (written === 0) throw new SessionConflictError(id, current.version);
    return next;
  }

  /**
   * The state `action` leads to from the record's state, or the SessionTransitionError naming
   * the current and the allowed states: lets a workflow check a step before doing costly work.
   */
  assertAllowed(record: SessionRecord<S, D>, action: A): S {
    const check = checkTransition(this.workflow, action, record.state);
    if (!check.allowed) {
      throw new SessionTransitionError(
        record.id,
        action,
        record.state,
        check.allowedFrom,
        check.status,
      );
    }
    return check.to;
  }

  /** Lets the session expire `ms` from now (never later than it would have). */
  async deleteAfter(id: string, access: SessionAccess, ms: number): Promise<void> {
    await this.get(id, access);
    await this.call('deleteAfter', (redis) =>
      EXPIRE_SOONER.run(redis, [this.sessionKey(id)], [Math.max(1, Math.round(ms))]),
    );
  }

  async delete(id: string, access: SessionAccess): Promise<void> {
    await this.get(id, access);
    await this.call('delete', (redis) => redis.del(this.sessionKey(id)));
  }

  /**
   * Claims `value` within `scope` for a session until `expiresAt` (pass the session's expiry,
   * so the claim ends with it): e.g. one live registration per business id. Claiming again for
   * the holder succeeds; otherwise the answer names the session holding it.
   */
  async claim(
    scope: string,
    value: string,
    sessionId: string,
    expiresAt: Date | string,
  ): Promise<ClaimResult> {
    const expireAtMs = new Date(expiresAt).getTime();
    const claimKey = this.claimKey(scope, value);
    const take = async () =>
      String(
        await this.call('claim', (redis) => CLAIM.run(redis, [claimKey], [sessionId, expireAtMs])),
      );
    let holder = await take();
    if (holder !== sessionId && !(await this.exists(holder))) {
      // Its session is gone before the claim ran out (deleted, or moved aside as unreadable):
      // the claim holds nothing any more. Released only if that session still holds it.
      await this.call('claim', (redis) => RELEASE_CLAIM.run(redis, [claimKey], [holder]));
      holder = await take();
    }
    return holder === sessionId ? { claimed: true } : { claimed: false, holder };
  }

  private async exists(id: string): Promise<boolean> {
    return (await this.call('claim', (redis) => redis.exists(this.sessionKey(id)))) === 1;
  }

  /** Releases the claim if `sessionId` holds it; true when it did. */
  async release(scope: string, value: string, sessionId: string): Promise<boolean> {
    const removed = await this.call('release', (redis) =>
      RELEASE_CLAIM.run(redis, [this.claimKey(scope, value)], [sessionId]),
    );
    return Number(removed) === 1;
  }

  private async find(id: string): Promise<SessionRecord<S, D> | null> {
    const reply = await this.call('get', (redis): Promise<(string | null)[] | typeof WRONG_TYPE> =>
      redis.hmget(this.sessionKey(id), 'v', 'r').catch((error: unknown) => {
        if (error instanceof Error && error.message.startsWith('WRONGTYPE')) return WRONG_TYPE;
        throw error;
      }),
    );
    if (reply === WRONG_TYPE) return this.corrupted(id, 'the key does not hold a session hash');
    const [, raw] = reply;
    if (raw === null || raw === undefined) {
      // an unreadable record moved aside: answered the same way for as long as it is kept
      const aside = await this.call('get', (redis) => redis.exists(this.asideKey(id)));
      if (aside === 1) throw new SessionCorruptedError(id);
      return null;
    }
    const parsed = this.parse(id, raw);
    if (typeof parsed === 'string') return this.corrupted(id, parsed);
    const record = parsed;
    // Redis expires keys lazily on access and actively in the background, so trust the
    // record's own deadline as well: a read after expiresAt is "not found", whatever the key.
    if (Date.parse(record.expiresAt) <= Date.now()) return null;
    return record;
  }

  /** The record, or what is wrong with it: not JSON, not of this workflow's shape, another id. */
  private parse(id: string, raw: string): SessionRecord<S, D> | string {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      return `not JSON (${(error as Error).message})`;
    }
    const result = this.schema.safeParse(json);
    if (!result.success) {
      const problems = result.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.map(String).join('.') || '(record)'}: ${issue.message}`);
      return `does not fit the ${this.workflow.name} record: ${problems.join('; ')}`;
    }
    if (result.data.id !== id) return `holds session ${result.data.id}`;
    return result.data;
  }

  /**
   * An unreadable record: logged with its key, moved aside (so the caller, and a retry deriving
   * the same id, can start over) and answered 410 SESSION_CORRUPTED naming the session. The
   * record's content is not logged: it holds the user's data.
   */
  private async corrupted(id: string, problem: string): Promise<never> {
    const key = this.sessionKey(id);
    const asideKey = this.asideKey(id);
    const prefix = this.redis.options.keyPrefix ?? '';
    let movedAside = false;
    try {
      movedAside =
        Number(
          await this.call('moveAside', (redis) =>
            MOVE_ASIDE.run(redis, [key, asideKey], [ASIDE_KEEP_MS]),
          ),
        ) === 1;
    } catch {
      // still unreadable; the next read tries again
    }
    this.logger.error(
      {
        sessionId: id,
        workflow: this.workflow.name,
        key: `${prefix}${key}`,
        ...(movedAside ? { movedTo: `${prefix}${asideKey}` } : {}),
        problem,
      },
      'unreadable session record',
    );
    throw new SessionCorruptedError(id);
  }

  private reaches(record: SessionRecord<S, D>, access: SessionAccess): boolean {
    return access.anyOwner === true || record.owner === access.userId;
  }

  private sessionKey(id: string): string {
    return `${this.namespace}${id}`;
  }

  private asideKey(id: string): string {
    return `${this.sessionKey(id)}:unreadable`;
  }

  private claimKey(scope: string, value: string): string {
    return `${this.namespace}claim:${scope}:${value}`;
  }

  /** Runs a Redis call with a deadline; a failure or timeout becomes a retryable 503. */
  private call<T>(operation: string, run: (redis: Redis) => Promise<T>): Promise<T> {
    let work: Promise<T>;
    try {
      work = run(this.redis);
    } catch (error) {
      work = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return withDeadline(work, this.timeoutMs).catch((error: unknown) => {
      throw new SessionStoreUnavailableError(
        operation,
        error instanceof Error ? error.message : String(error),
      );
    });
  }
}
