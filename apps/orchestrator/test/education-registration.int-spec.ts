import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisClient } from '@medicalink/cache';
import {
  accountRpc,
  educationRegistrationRpc,
  educationRegistrationTransitioned,
  recordRpc,
  type RegistrationCaller,
  type RpcRequest,
} from '@medicalink/contracts';
import { INTERNAL_ERROR_MESSAGES } from '@medicalink/errors';
import { createDatabase, databaseUrl, type Kysely } from '@medicalink/persistence';
import type { RunningService } from '@medicalink/runtime';
import {
  createTestClient,
  createTestNamespace,
  probeEvents,
  rpcFailure,
  startApp,
  type ChildApp,
  type EventProbe,
  type TestClient,
} from '@medicalink/testing';
import type { OrchestratorDatabase } from '../src/database/orchestrator.schema';
import { startOrchestrator } from '../src/start';
import { faults } from './support';

/** changes made on behalf of a main account (the highest rank: every change allowed) */
const MAIN_ACTOR = { id: randomUUID(), privilege: 'main' } as const;
const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'edureg');
let participants: { app: ChildApp; url: string }[] = [];
let orchestrator: RunningService;
let client: TestClient;
let db: Kysely<OrchestratorDatabase>;
let events: EventProbe;
const redis = createRedisClient({
  url: infrastructure.redisUrl,
  keyPrefix: namespace.redisKeyPrefix,
});

const rpc = educationRegistrationRpc;
/** what a caller reads instead of an unexpected (500) failure's own text */
const INTERNAL = INTERNAL_ERROR_MESSAGES.default;
const admin: RegistrationCaller = { id: randomUUID(), privilege: 'admin' };

beforeAll(async () => {
  events = await probeEvents(infrastructure.rabbitmqUrl, namespace.prefix, [
    educationRegistrationTransitioned.name,
  ]);
  participants = await Promise.all([
    startApp('accounts', namespace.env({ PASSWORD_HASH_COST: '1024' })),
    // Unexpected (500) failures, each consumed by the first call of its kind in this file, in
    // order: a validate and a category ("every failed step" below), then two record creates
    // ("creation_failed and retry").
    startApp(
      'education',
      namespace.env(
        faults(
          { pattern: 'education.check.validate', mode: 'error', times: 1 },
          { pattern: 'education.check.category', mode: 'error', times: 1 },
          { pattern: 'education.record.create', mode: 'error', times: 2 },
        ),
      ),
    ),
  ]);
  orchestrator = await startOrchestrator(namespace.env({ ORCHESTRATOR_HTTP_PORT: '0' }));
  client = await createTestClient(namespace, { timeoutMs: 10_000 });
  db = createDatabase<OrchestratorDatabase>(
    databaseUrl(infrastructure.postgresUrl, namespace.database('orchestrator')),
  );
});

afterAll(async () => {
  redis.disconnect();
  await events?.close();
  await client?.close();
  await db?.destroy();
  await orchestrator?.close();
  await Promise.all(participants.map((participant) => participant.app.stop()));
  await namespace.cleanup();
});

const newBusinessId = () => `OT-${randomUUID().slice(0, 8)}`;

/** An account carrying a business id (or none), and its holder as a caller. */
async function owner(
  businessId: string | null = newBusinessId(),
  extra: { membershipExpiresAt?: string; privilege?: 'owner' | 'main' } = {},
) {
  const account = await client.rpc.call(accountRpc.create, {
    email: `edu-${randomUUID().slice(0, 8)}@medicalink.test`,
    password: 'a long enough password',
    fullName: 'Occupational Therapist',
    ...(businessId ? { businessId } : {}),
    ...extra,
  });
  const caller: RegistrationCaller = { id: account.id, privilege: 'owner' };
  return { account, caller, businessId: businessId ?? newBusinessId() };
}

const stageBody = (
  caller: RegistrationCaller,
  userBusinessId: string,
  options: {
    expirationHours?: number;
    skipValidation?: boolean;
    priority?: 'normal' | 'high';
  } = {},
  graduationYear = 2020,
): RpcRequest<typeof rpc.stage> => ({
  caller,
  userBusinessId,
  educationData: {
    graduationYear,
    university: 'ca-mcgill-university',
    country: 'CA',
    degreeType: 'masters',
    college: 'Dawson College',
  },
  options,
});

type Step = 'validate' | 'category' | 'linkAccount' | 'create' | 'complete';
const STEPS: Step[] = ['validate', 'category', 'linkAccount', 'create', 'complete'];

/** Calls one step of a session as `caller`. */
function step(name: Step, id: string, caller: RegistrationCaller, accountId?: string) {
  if (name === 'linkAccount') {
    return client.rpc.call(rpc.linkAccount, { id, caller, accountId: accountId ?? caller.id });
  }
  return client.rpc.call(rpc[name], { id, caller });
}

/** A session of a fresh owner, moved through the first `steps` steps. */
async function sessionAfter(steps: number) {
  const person = await owner();
  const { sessionId } = await client.rpc.call(
    rpc.stage,
    stageBody(person.caller, person.businessId),
  );
  for (const name of STEPS.slice(0, steps)) await step(name, sessionId, person.caller);
  return { ...person, sessionId };
}

/** The trail's failure entries: what failed, from where, and who asked. */
async function failures(id: string) {
  const { data } = await client.rpc.call(rpc.audit, { id, caller: admin, limit: 100 });
  return data
    .filter((entry) => entry.outcome === 'failed')
    .map(({ action, from, to, by, detail }) => ({ action, from, to, by, step: detail?.['step'] }));
}

// First in the file: it consumes the injected validate and category faults.
describe('every failed step shows', () => {
  it('leaves creation_failed with lastError (a 5xx masked) and an audit entry; only that step runs again', async () => {
    const person = await owner();
    const stranger = await owner();
    const { sessionId: id } = await client.rpc.call(
      rpc.stage,
      stageBody(person.caller, person.businessId),
    );
    const view = () => client.rpc.call(rpc.get, { id, caller: person.caller });

    // validate: an unexpected error (500) of the education service
    const validateFailure = await rpcFailure(step('validate', id, person.caller));
    expect(validateFailure.envelope).toMatchObject({
      code: 'INJECTED_FAULT',
      message: INTERNAL,
      context: { session: { id, status: 'creation_failed' } },
    });
    expect(await view()).toMatchObject({
      status: 'creation_failed',
      errorMessage: INTERNAL,
      lastError: { step: 'validate', code: 'INJECTED_FAULT', message: INTERNAL },
    });
    // only the failed step runs again
    const early = await rpcFailure(step('category', id, person.caller));
    expect(early.status).toBe(409);
    expect(early.message).toContain('its validate step failed');
    expect(await step('validate', id, person.caller)).toMatchObject({ status: 'validated' });
    expect(await view()).toMatchObject({ lastError: null, errorMessage: null });

    // category: the same
    const categoryFailure = await rpcFailure(step('category', id, person.caller));
    expect(categoryFailure.envelope.message).toBe(INTERNAL);
    expect((await view()).lastError).toMatchObject({ step: 'category', code: 'INJECTED_FAULT' });
    expect(await step('category', id, person.caller)).toMatchObject({
      status: 'category_determined',
    });

    // link-account: a refusal (4xx) keeps its message
    const notOwn = await rpcFailure(step('linkAccount', id, person.caller, stranger.account.id));
    expect(notOwn.envelope).toMatchObject({ status: 403, code: 'EDUCATION_ACCOUNT_NOT_OWN' });
    expect(await view()).toMatchObject({
      status: 'creation_failed',
      errorMessage: 'Owners may only link their own account',
      lastError: { step: 'link-account', code: 'EDUCATION_ACCOUNT_NOT_OWN' },
    });
    expect(await step('linkAccount', id, person.caller)).toMatchObject({
      status: 'account_linked',
    });

    const by = person.account.id;
    expect(await failures(id)).toEqual([
      { action: 'validate', from: 'staged', to: 'creation_failed', by, step: 'validate' },
      { action: 'category', from: 'validated', to: 'creation_failed', by, step: 'category' },
      {
        action: 'linkAccount',
        from: 'category_determined',
        to: 'creation_failed',
        by,
        step: 'link-account',
      },
    ]);
    const { data } = await client.rpc.call(rpc.audit, { id, caller: admin, limit: 100 });
    expect(data.every((entry) => entry.by === by && entry.byPrivilege === 'owner')).toBe(true);
    // the trail keeps no internal text either
    expect(JSON.stringify(data)).not.toContain('Injected fault');
  });

  it('a validation with critical failures is a failed step too, and frees the business id', async () => {
    const person = await owner();
    const body = stageBody(person.caller, person.businessId);
    const { sessionId } = await client.rpc.call(rpc.stage, {
      ...body,
      educationData: { ...body.educationData, university: 'gb-university-of-oxford' },
    });
    const result = await step('validate', sessionId, person.caller);
    expect(result).toMatchObject({ isValid: false, status: 'creation_failed' });
    const view = await client.rpc.call(rpc.get, { id: sessionId, caller: person.caller });
    expect(view.lastError).toMatchObject({ step: 'validate', code: 'EDUCATION_VALIDATION_FAILED' });
    expect(view.lastError?.message).toContain('University of Oxford is in GB, not in CA');
    expect(await failures(sessionId)).toHaveLength(1);
    const refusal = await rpcFailure(step('category', sessionId, person.caller));
    expect(refusal.status).toBe(409);

    // corrected data in a new registration is not blocked by the failed one
    const { sessionId: again } = await client.rpc.call(rpc.stage, body);
    expect(await step('validate', again, person.caller)).toMatchObject({ isValid: true });
  });
});

describe('creation_failed and retry', () => {
  it("run's step result masks an unexpected error, as the registration does", async () => {
    const person = await owner();
    const run = await client.rpc.call(rpc.run, {
      ...stageBody(person.caller, person.businessId),
      accountId: person.account.id,
    });
    expect(run).toMatchObject({ completed: false, failedStep: 'create' });
    expect(run.stepResult).toMatchObject({ code: 'INJECTED_FAULT', message: INTERNAL });
    expect(run.session).toMatchObject({
      status: 'creation_failed',
      errorMessage: INTERNAL,
    });
    expect(JSON.stringify(run)).not.toContain('Injected fault');
  });

  it('a failed create sets creation_failed with the error; the retry creates the record once', async () => {
    const session = await sessionAfter(3);
    const failure = await rpcFailure(step('create', session.sessionId, session.caller));
    expect(failure.code).toBe('INJECTED_FAULT');
    expect(failure.envelope.context).toMatchObject({
      session: { id: session.sessionId, status: 'creation_failed' },
    });
    const failed = await client.rpc.call(rpc.get, {
      id: session.sessionId,
      caller: session.caller,
    });
    expect(failed).toMatchObject({
      status: 'creation_failed',
      createdEducationId: null,
      // an unexpected error's own text stays in the logs
      errorMessage: INTERNAL,
      lastError: { step: 'create', code: 'INJECTED_FAULT', message: INTERNAL },
    });
    expect(failure.message).toBe(INTERNAL);

    const created = await step('create', session.sessionId, session.caller);
    const again = await client.rpc.call(rpc.get, { id: session.sessionId, caller: session.caller });
    expect(again).toMatchObject({
      status: 'education_created',
      errorMessage: null,
      lastError: null,
    });
    expect(again.createdEducationId).toBe(
      (created as { createdEducationId: string }).createdEducationId,
    );
    const records = await client.rpc.call(recordRpc.list, { userBusinessId: session.businessId });
    expect(records.meta.total).toBe(1);
  });

  it('a create refused by the education service (business id taken) fails, and stays retryable', async () => {
    const session = await sessionAfter(3);
    await client.rpc.call(recordRpc.create, {
      sessionId: randomUUID(),
      userBusinessId: session.businessId,
      accountId: session.account.id,
      educationData: stageBody(session.caller, session.businessId).educationData,
      category: 'graduated',
    });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const failure = await rpcFailure(step('create', session.sessionId, session.caller));
      expect(failure).toMatchObject({ code: 'EDUCATION_BUSINESS_ID_TAKEN', status: 409 });
    }
    const view = await client.rpc.call(rpc.get, { id: session.sessionId, caller: session.caller });
    expect(view.status).toBe('creation_failed');
  });
});

describe('the workflow step by step', () => {
  it('moves through every status and writes the audit trail, announcing each row', async () => {
    const person = await owner();
    const staged = await client.rpc.call(rpc.stage, stageBody(person.caller, person.businessId));
    expect(staged).toMatchObject({ status: 'staged', success: true });
    const id = staged.sessionId;
    const validation = await step('validate', id, person.caller);
    expect(validation).toMatchObject({ status: 'validated', isValid: true, validationScore: 100 });
    expect(await step('category', id, person.caller)).toMatchObject({
      status: 'category_determined',
      category: 'graduated',
    });
    expect(await step('linkAccount', id, person.caller)).toMatchObject({
      status: 'account_linked',
      linkedAccountId: person.account.id,
      businessIdAssigned: false,
    });
    const created = (await step('create', id, person.caller)) as { createdEducationId: string };
    expect(await step('complete', id, person.caller)).toMatchObject({
      status: 'workflow_completed',
      createdEducationId: created.createdEducationId,
    });
    const view = await client.rpc.call(rpc.get, { id, caller: person.caller });
    expect(view.progress).toEqual({
      staged: true,
      validated: true,
      categoryDetermined: true,
      accountLinked: true,
      persisted: true,
      completed: true,
    });
    const record = await client.rpc.call(recordRpc.get, { id: created.createdEducationId });
    expect(record).toMatchObject({ userBusinessId: person.businessId, category: 'graduated' });

    const { data } = await client.rpc.call(rpc.audit, { id, caller: person.caller });
    expect(
      data.map(({ action, from, to, outcome, by }) => ({ action, from, to, outcome, by })),
    ).toEqual(
      [
        ['create', null, 'pending'],
        ['stage', 'pending', 'staged'],
        ['validate', 'staged', 'validated'],
        ['category', 'validated', 'category_determined'],
        ['linkAccount', 'category_determined', 'account_linked'],
        ['create', 'account_linked', 'education_created'],
        ['complete', 'education_created', 'workflow_completed'],
      ].map(([action, from, to]) => ({
        action,
        from,
        to,
        outcome: 'succeeded',
        by: person.account.id,
      })),
    );
    const rows = await db
      .selectFrom('education_registration_audit')
      .select(['owner_id', 'actor_privilege'])
      .where('session_id', '=', id)
      .execute();
    expect(rows).toHaveLength(7);
    expect(rows.every((row) => row.owner_id === person.account.id)).toBe(true);
    await events.waitFor(
      educationRegistrationTransitioned.name,
      (body) => body['sessionId'] === id && body['to'] === 'workflow_completed',
    );
    expect(
      events.matching(educationRegistrationTransitioned.name, (body) => body['sessionId'] === id),
    ).toHaveLength(7);
  });

  /** the steps each status allows; every other step is refused */
  const ALLOWED: Record<string, Step[]> = {
    staged: ['validate'],
    validated: ['category'],
    category_determined: ['linkAccount'],
    account_linked: ['create'],
    education_created: ['complete'],
    workflow_completed: [],
  };
  const REQUIRED: Record<Step, string> = {
    validate: 'staged, creation_failed',
    category: 'validated, creation_failed',
    linkAccount: 'category_determined, creation_failed',
    create: 'account_linked, creation_failed',
    complete: 'education_created',
  };

  it.each(
    Object.entries(ALLOWED).map(([status, allowed], index) => [status, allowed, index] as const),
  )(
    'in %s, refuses every step but %j with 409 naming the current and the required status',
    async (status, allowed, stepsDone) => {
      const session = await sessionAfter(stepsDone);
      for (const name of STEPS.filter((candidate) => !allowed.includes(candidate))) {
        const refusal = await rpcFailure(step(name, session.sessionId, session.caller));
        expect(refusal.status, name).toBe(409);
        expect(refusal.code).toBe('SESSION_TRANSITION_REFUSED');
        expect(refusal.message).toContain(`"${status}"`);
        expect(refusal.message).toContain(`allowed from: ${REQUIRED[name]}`);
      }
      const view = await client.rpc.call(rpc.get, {
        id: session.sessionId,
        caller: session.caller,
      });
      expect(view.status).toBe(status);
      const { data } = await client.rpc.call(rpc.audit, { id: session.sessionId, caller: admin });
      expect(data.filter((entry) => entry.outcome === 'refused')).toHaveLength(
        STEPS.length - allowed.length,
      );
    },
  );
});

describe('who may do what', () => {
  it('another owner does not reach a session (404), an admin does', async () => {
    const session = await sessionAfter(0);
    const stranger = await owner();
    // every failure is caught as it is made (awaiting them in turn would leave the later ones
    // rejected and unhandled meanwhile)
    const refusals = await Promise.all(
      [
        client.rpc.call(rpc.get, { id: session.sessionId, caller: stranger.caller }),
        client.rpc.call(rpc.validate, { id: session.sessionId, caller: stranger.caller }),
        client.rpc.call(rpc.audit, { id: session.sessionId, caller: stranger.caller }),
      ].map(rpcFailure),
    );
    expect(refusals.map((refusal) => refusal.status)).toEqual([404, 404, 404]);
    expect((await client.rpc.call(rpc.get, { id: session.sessionId, caller: admin })).status).toBe(
      'staged',
    );
    expect((await step('validate', session.sessionId, admin)).status).toBe('validated');
  });

  it('skipValidation: refused for an owner (403), honoured for an admin', async () => {
    const person = await owner();
    const refused = await rpcFailure(
      client.rpc.call(
        rpc.stage,
        stageBody(person.caller, person.businessId, { skipValidation: true }),
      ),
    );
    expect(refused).toMatchObject({ status: 403, code: 'EDUCATION_SKIP_VALIDATION_FORBIDDEN' });
    const { sessionId } = await client.rpc.call(
      rpc.stage,
      stageBody(admin, person.businessId, { skipValidation: true }),
    );
    expect((await step('category', sessionId, admin)).status).toBe('category_determined');
  });

  it('link-account: own account only for an owner; a matching business id; admin assigns a missing one', async () => {
    const session = await sessionAfter(2);
    const other = await owner();
    const notOwn = await rpcFailure(
      step('linkAccount', session.sessionId, session.caller, other.account.id),
    );
    expect(notOwn).toMatchObject({ status: 403, code: 'EDUCATION_ACCOUNT_NOT_OWN' });
    const mismatch = await rpcFailure(
      step('linkAccount', session.sessionId, admin, other.account.id),
    );
    expect(mismatch).toMatchObject({ status: 409, code: 'EDUCATION_ACCOUNT_BUSINESS_ID_MISMATCH' });
    // the message stays on the registration, which its owner reads: it names no account
    expect(mismatch.message).not.toContain(other.account.id);
    const missing = await rpcFailure(step('linkAccount', session.sessionId, admin, randomUUID()));
    expect(missing.status).toBe(404);

    // an account without a business id: staff stage and link it, and it receives the id
    const bare = await owner(null);
    const bareSession = await client.rpc.call(rpc.stage, stageBody(admin, bare.businessId));
    await step('validate', bareSession.sessionId, admin);
    await step('category', bareSession.sessionId, admin);
    const linked = await step('linkAccount', bareSession.sessionId, admin, bare.account.id);
    expect(linked).toMatchObject({ status: 'account_linked', businessIdAssigned: true });
    const account = await client.rpc.call(accountRpc.get, { id: bare.account.id });
    expect(account.businessId).toBe(bare.businessId);
  });

  it('an owner stages only its own business id: no claim on anyone else’s', async () => {
    const victim = await owner();
    const attacker = await owner();
    const bare = await owner(null);
    for (const [who, businessId] of [
      [attacker.caller, victim.businessId],
      [bare.caller, victim.businessId],
      [bare.caller, bare.businessId],
    ] as const) {
      const refused = await rpcFailure(
        client.rpc.call(rpc.stage, stageBody(who, businessId, { expirationHours: 72 })),
      );
      expect(refused).toMatchObject({ status: 403, code: 'EDUCATION_BUSINESS_ID_NOT_OWN' });
      const runRefused = await rpcFailure(
        client.rpc.call(rpc.run, { ...stageBody(who, businessId), accountId: who.id }),
      );
      expect(runRefused.code).toBe('EDUCATION_BUSINESS_ID_NOT_OWN');
    }
    // the victim's own registration, and main's run for the victim, are not held up
    const own = await client.rpc.call(rpc.run, {
      ...stageBody(victim.caller, victim.businessId),
      accountId: victim.account.id,
    });
    expect(own).toMatchObject({ completed: true });
  });

  it('nothing an owner reads names another session, record or account', async () => {
    const person = await owner();
    // staff registering the same business id first hold it
    const held = await client.rpc.call(rpc.stage, stageBody(admin, person.businessId));
    await step('validate', held.sessionId, admin);
    const { sessionId } = await client.rpc.call(
      rpc.stage,
      stageBody(person.caller, person.businessId),
    );
    const result = await step('validate', sessionId, person.caller);
    expect(result).toMatchObject({ isValid: false });
    const text = JSON.stringify([
      result,
      await client.rpc.call(rpc.get, { id: sessionId, caller: person.caller }),
    ]);
    expect(text).toContain('USER_BUSINESS_ID_TAKEN');
    expect(text).not.toContain(held.sessionId);
    // staff see which session holds it
    const staffView = await client.rpc.call(rpc.get, { id: sessionId, caller: admin });
    expect(JSON.stringify(staffView.validation)).toContain(held.sessionId);
  });

  it('an admin cannot give a main account a business id through link-account (403, as PATCH)', async () => {
    const main = await owner(null, { privilege: 'main' });
    const session = await client.rpc.call(
      rpc.stage,
      stageBody(admin, main.businessId, { skipValidation: true }),
    );
    await step('category', session.sessionId, admin);
    const refused = await rpcFailure(
      step('linkAccount', session.sessionId, admin, main.account.id),
    );
    expect(refused).toMatchObject({ status: 403, code: 'ACCOUNT_CHANGE_FORBIDDEN' });
    expect((await client.rpc.call(accountRpc.get, { id: main.account.id })).businessId).toBeNull();
    const view = await client.rpc.call(rpc.get, { id: session.sessionId, caller: admin });
    expect(view).toMatchObject({
      status: 'creation_failed',
      lastError: { step: 'link-account', code: 'ACCOUNT_CHANGE_FORBIDDEN' },
    });
    // main itself may
    const asMain: RegistrationCaller = { id: MAIN_ACTOR.id, privilege: 'main' };
    expect(await step('linkAccount', session.sessionId, asMain, main.account.id)).toMatchObject({
      status: 'account_linked',
      businessIdAssigned: true,
    });
  });

  it('link-account refuses an inactive account', async () => {
    const session = await sessionAfter(2);
    await client.rpc.call(accountRpc.update, {
      id: session.account.id,
      fields: { isActive: false },
      actor: MAIN_ACTOR,
    });
    const refused = await rpcFailure(step('linkAccount', session.sessionId, session.caller));
    expect(refused).toMatchObject({ status: 409, code: 'EDUCATION_ACCOUNT_INACTIVE' });
  });
});

describe('expiry', () => {
  it('an expired session is gone (404); its audit trail stays', async () => {
    const person = await owner();
    const { sessionId, expiresAt, createdAt } = await client.rpc.call(
      rpc.stage,
      stageBody(person.caller, person.businessId, { expirationHours: 0.0003 }),
    );
    expect(Date.parse(expiresAt) - Date.parse(createdAt)).toBeLessThanOrEqual(1_100);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    const refusals = await Promise.all(
      [
        client.rpc.call(rpc.get, { id: sessionId, caller: person.caller }),
        client.rpc.call(rpc.validate, { id: sessionId, caller: person.caller }),
      ].map(rpcFailure),
    );
    expect(refusals.map((refusal) => refusal.status)).toEqual([404, 404]);
    const { data } = await client.rpc.call(rpc.audit, { id: sessionId, caller: person.caller });
    expect(data.map((entry) => entry.to)).toEqual(['pending', 'staged']);
  });

  it('refuses a lifetime above 72 hours naming the field', async () => {
    const person = await owner();
    const refused = await rpcFailure(
      client.rpc.call(
        rpc.stage,
        stageBody(person.caller, person.businessId, { expirationHours: 73 }),
      ),
    );
    expect(refused.status).toBe(400);
    expect(refused.message).toContain('options.expirationHours');
  });
});

describe('one registration per business id', () => {
  it('two sessions racing for one business id: one validates, the other is told', async () => {
    const person = await owner();
    const [first, second] = await Promise.all([
      client.rpc.call(rpc.stage, stageBody(person.caller, person.businessId)),
      client.rpc.call(rpc.stage, stageBody(person.caller, person.businessId)),
    ]);
    const results = await Promise.all([
      step('validate', first.sessionId, person.caller),
      step('validate', second.sessionId, person.caller),
    ]);
    const valid = results.filter((result) => (result as { isValid: boolean }).isValid);
    expect(valid).toHaveLength(1);
    const loser = results.find((result) => !(result as { isValid: boolean }).isValid) as {
      criticalFailures: { code: string }[];
    };
    expect(loser.criticalFailures.map((failure) => failure.code)).toEqual([
      'USER_BUSINESS_ID_TAKEN',
    ]);
  });

  it('two runs racing for one business id: one record', async () => {
    const person = await owner();
    const body = { ...stageBody(person.caller, person.businessId), accountId: person.account.id };
    const runs = await Promise.all([
      client.rpc.call(rpc.run, body),
      client.rpc.call(rpc.run, body),
    ]);
    expect(runs.filter((run) => run.completed)).toHaveLength(1);
    const loser = runs.find((run) => !run.completed);
    expect(loser?.failedStep).toBe('validate');
    const records = await client.rpc.call(recordRpc.list, { userBusinessId: person.businessId });
    expect(records.meta.total).toBe(1);
  });
});

describe('run', () => {
  it('does every step in one call', async () => {
    const person = await owner();
    const run = await client.rpc.call(rpc.run, {
      ...stageBody(person.caller, person.businessId),
      accountId: person.account.id,
    });
    expect(run).toMatchObject({ completed: true, failedStep: null, stepResult: null });
    expect(run.session.status).toBe('workflow_completed');
    expect(run.steps.map((entry) => entry.step)).toEqual([
      'stage',
      'validate',
      'category',
      'link-account',
      'create',
      'complete',
    ]);
  });

  it('stops at the first failing step with its result', async () => {
    const person = await owner();
    const stranger = await owner();
    const run = await client.rpc.call(rpc.run, {
      ...stageBody(person.caller, person.businessId),
      accountId: stranger.account.id,
    });
    expect(run).toMatchObject({ completed: false, failedStep: 'link-account' });
    expect(run.stepResult).toMatchObject({ code: 'EDUCATION_ACCOUNT_NOT_OWN', status: 403 });
    expect(run.session).toMatchObject({
      status: 'creation_failed',
      lastError: { step: 'link-account', code: 'EDUCATION_ACCOUNT_NOT_OWN' },
    });
  });

  it('a repeated stage or run with one idempotency key reuses its session', async () => {
    const person = await owner();
    const body = { ...stageBody(person.caller, person.businessId), idempotencyKey: 'stage-1' };
    const [first, second] = await Promise.all([
      client.rpc.call(rpc.stage, body),
      client.rpc.call(rpc.stage, body),
    ]);
    expect(second.sessionId).toBe(first.sessionId);
    const other = await owner();
    const theirs = await client.rpc.call(rpc.stage, {
      ...stageBody(other.caller, other.businessId),
      idempotencyKey: 'stage-1',
    });
    expect(theirs.sessionId).not.toBe(first.sessionId);

    const runner = await owner();
    const runBody = {
      ...stageBody(runner.caller, runner.businessId),
      accountId: runner.account.id,
      idempotencyKey: 'run-1',
    };
    const run = await client.rpc.call(rpc.run, runBody);
    expect(run.completed).toBe(true);
    const repeated = await client.rpc.call(rpc.run, runBody);
    expect(repeated).toMatchObject({ completed: true, failedStep: null });
    expect(repeated.session.sessionId).toBe(run.session.sessionId);
    expect(repeated.steps).toEqual([{ step: 'stage', ok: true }]);
  });
});

describe('the category decision', () => {
  it('is made again at linking with the linked account, whose membership it names', async () => {
    const lastYear = new Date().getUTCFullYear() - 1;
    // an account with an active membership and no business id yet: it receives it at linking
    const member = await owner(null, { membershipExpiresAt: '2099-01-01T00:00:00.000Z' });
    const { sessionId } = await client.rpc.call(
      rpc.stage,
      stageBody(admin, member.businessId, {}, lastYear),
    );
    await step('validate', sessionId, admin);
    // no account carries the business id yet: no membership to go by
    expect(await step('category', sessionId, admin)).toMatchObject({
      category: 'graduated',
      accountId: null,
      decidedAtStep: 'category',
    });
    const linked = await client.rpc.call(rpc.linkAccount, {
      id: sessionId,
      caller: admin,
      accountId: member.account.id,
    });
    expect(linked.category).toMatchObject({
      category: 'new_graduated',
      accountId: member.account.id,
      membershipExpiresAt: '2099-01-01T00:00:00.000Z',
      membershipActive: true,
      decidedAtStep: 'link-account',
    });
    const view = await client.rpc.call(rpc.get, { id: sessionId, caller: admin });
    expect(view.category).toEqual(linked.category);
    const created = await client.rpc.call(rpc.create, { id: sessionId, caller: admin });
    expect(created.record.category).toBe('new_graduated');
    const { data } = await client.rpc.call(rpc.audit, { id: sessionId, caller: admin });
    expect(data.find((entry) => entry.action === 'linkAccount')?.detail).toMatchObject({
      category: 'new_graduated',
      previousCategory: 'graduated',
    });
  });
});

describe('priority', () => {
  it('is accepted (normal by default), kept on the registration and shown', async () => {
    const person = await owner();
    const high = await client.rpc.call(
      rpc.stage,
      stageBody(person.caller, person.businessId, { priority: 'high' }),
    );
    expect(
      (await client.rpc.call(rpc.get, { id: high.sessionId, caller: person.caller })).options,
    ).toEqual({ expirationHours: 24, skipValidation: false, priority: 'high' });
    const { data } = await client.rpc.call(rpc.audit, { id: high.sessionId, caller: admin });
    expect(data[0]).toMatchObject({ action: 'create', detail: { priority: 'high' } });
    const plain = await client.rpc.call(rpc.stage, stageBody(person.caller, person.businessId));
    expect(
      (await client.rpc.call(rpc.get, { id: plain.sessionId, caller: person.caller })).options
        .priority,
    ).toBe('normal');
    const refused = await rpcFailure(
      client.rpc.call(rpc.stage, {
        ...stageBody(person.caller, person.businessId),
        options: { priority: 'urgent' as 'high' },
      }),
    );
    expect(refused.status).toBe(400);
  });
});

describe('the audit trail', () => {
  it('is paginated like every list, oldest first', async () => {
    const session = await sessionAfter(5);
    const first = await client.rpc.call(rpc.audit, {
      id: session.sessionId,
      caller: session.caller,
      limit: 3,
    });
    expect(first.data.map((entry) => entry.action)).toEqual(['create', 'stage', 'validate']);
    expect(first.meta).toEqual({
      page: 1,
      limit: 3,
      total: 7,
      totalPages: 3,
      hasNext: true,
      hasPrev: false,
    });
    const last = await client.rpc.call(rpc.audit, {
      id: session.sessionId,
      caller: session.caller,
      page: 3,
      limit: 3,
    });
    expect(last.data.map((entry) => entry.action)).toEqual(['complete']);
  });
});

describe('an unreadable session', () => {
  it('answers 410 SESSION_CORRUPTED naming it, and the same idempotency key starts over', async () => {
    const person = await owner();
    const body = { ...stageBody(person.caller, person.businessId), idempotencyKey: 'corrupt-1' };
    const { sessionId } = await client.rpc.call(rpc.stage, body);
    await redis.hset(`session:education-registration:${sessionId}`, 'r', '{"truncated');
    const failure = await rpcFailure(
      client.rpc.call(rpc.get, { id: sessionId, caller: person.caller }),
    );
    expect(failure.envelope).toMatchObject({
      status: 410,
      code: 'SESSION_CORRUPTED',
      details: { sessionId },
    });
    const again = await client.rpc.call(rpc.stage, body);
    expect(again).toMatchObject({ sessionId, status: 'staged' });
    // and goes on like any new registration
    expect(await step('validate', sessionId, person.caller)).toMatchObject({ isValid: true });
  });
});
