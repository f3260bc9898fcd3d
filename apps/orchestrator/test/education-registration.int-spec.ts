import { describe, expect, it } from 'vitest';
import { educationRegistrationTransitioned, recordRpc } from '@medicalink/contracts';
import { sql } from '@medicalink/persistence';
import { rpcFailure } from '@medicalink/testing';
import {
  admin,
  registrationTestbed,
  rpc,
  stageBody,
  STEPS,
  type Step,
} from './education-registration-support';

/** The education registration workflow step by step, in one call, and what it records. */
const bed = registrationTestbed('edureg');
const { owner, step, sessionAfter } = bed;

describe('the workflow step by step', () => {
  it('moves through every status and writes the audit trail, announcing each row', async () => {
    const person = await owner();
    const staged = await bed.client.rpc.call(
      rpc.stage,
      stageBody(person.caller, person.businessId),
    );
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
    const view = await bed.client.rpc.call(rpc.get, { id, caller: person.caller });
    expect(view.progress).toEqual({
      staged: true,
      validated: true,
      categoryDetermined: true,
      accountLinked: true,
      persisted: true,
      completed: true,
    });
    const record = await bed.client.rpc.call(recordRpc.get, { id: created.createdEducationId });
    expect(record).toMatchObject({ userBusinessId: person.businessId, category: 'graduated' });

    const { data } = await bed.client.rpc.call(rpc.audit, { id, caller: person.caller });
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
    const rows = await bed.db
      .selectFrom('education_registration_audit')
      .select(['owner_id', 'actor_privilege'])
      .where('session_id', '=', id)
      .execute();
    expect(rows).toHaveLength(7);
    expect(rows.every((row) => row.owner_id === person.account.id)).toBe(true);
    await bed.events.waitFor(
      educationRegistrationTransitioned.name,
      (body) => body['sessionId'] === id && body['to'] === 'workflow_completed',
    );
    expect(
      bed.events.matching(
        educationRegistrationTransitioned.name,
        (body) => body['sessionId'] === id,
      ),
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
      const view = await bed.client.rpc.call(rpc.get, {
        id: session.sessionId,
        caller: session.caller,
      });
      expect(view.status).toBe(status);
      const { data } = await bed.client.rpc.call(rpc.audit, {
        id: session.sessionId,
        caller: admin,
      });
      expect(data.filter((entry) => entry.outcome === 'refused')).toHaveLength(
        STEPS.length - allowed.length,
      );
    },
  );
});

describe('expiry', () => {
  it('an expired session is gone (404); its audit trail stays', async () => {
    const person = await owner();
    const { sessionId, expiresAt, createdAt } = await bed.client.rpc.call(
      rpc.stage,
      stageBody(person.caller, person.businessId, { expirationHours: 0.0003 }),
    );
    expect(Date.parse(expiresAt) - Date.parse(createdAt)).toBeLessThanOrEqual(1_100);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    const refusals = await Promise.all(
      [
        bed.client.rpc.call(rpc.get, { id: sessionId, caller: person.caller }),
        bed.client.rpc.call(rpc.validate, { id: sessionId, caller: person.caller }),
      ].map(rpcFailure),
    );
    expect(refusals.map((refusal) => refusal.status)).toEqual([404, 404]);
    const { data } = await bed.client.rpc.call(rpc.audit, { id: sessionId, caller: person.caller });
    expect(data.map((entry) => entry.to)).toEqual(['pending', 'staged']);
  });

  it('refuses a lifetime above 72 hours naming the field', async () => {
    const person = await owner();
    const refused = await rpcFailure(
      bed.client.rpc.call(
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
      bed.client.rpc.call(rpc.stage, stageBody(person.caller, person.businessId)),
      bed.client.rpc.call(rpc.stage, stageBody(person.caller, person.businessId)),
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
      bed.client.rpc.call(rpc.run, body),
      bed.client.rpc.call(rpc.run, body),
    ]);
    expect(runs.filter((run) => run.completed)).toHaveLength(1);
    const loser = runs.find((run) => !run.completed);
    expect(loser?.failedStep).toBe('validate');
    const records = await bed.client.rpc.call(recordRpc.list, {
      userBusinessId: person.businessId,
    });
    expect(records.meta.total).toBe(1);
  });
});

describe('run', () => {
  it('does every step in one call', async () => {
    const person = await owner();
    const run = await bed.client.rpc.call(rpc.run, {
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
    const run = await bed.client.rpc.call(rpc.run, {
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
      bed.client.rpc.call(rpc.stage, body),
      bed.client.rpc.call(rpc.stage, body),
    ]);
    expect(second.sessionId).toBe(first.sessionId);
    const other = await owner();
    const theirs = await bed.client.rpc.call(rpc.stage, {
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
    const run = await bed.client.rpc.call(rpc.run, runBody);
    expect(run.completed).toBe(true);
    const repeated = await bed.client.rpc.call(rpc.run, runBody);
    expect(repeated).toMatchObject({ completed: true, failedStep: null });
    expect(repeated.session.sessionId).toBe(run.session.sessionId);
    expect(repeated.steps).toEqual([{ step: 'stage', ok: true }]);
  });

  it('a run whose first attempt died between creating and staging its session is finished by its retry', async () => {
    const runner = await owner();
    const runBody = {
      ...stageBody(runner.caller, runner.businessId),
      accountId: runner.account.id,
      idempotencyKey: 'run-after-crash',
    };
    // The audit write right after the session's creation fails: the session stays pending, as
    // when the orchestrator is killed at that point.
    await sql`alter table education_registration_audit rename to audit_away`.execute(bed.db);
    try {
      await expect(bed.client.rpc.call(rpc.run, runBody)).rejects.toBeDefined();
    } finally {
      await sql`alter table audit_away rename to education_registration_audit`.execute(bed.db);
    }
    const retried = await bed.client.rpc.call(rpc.run, runBody);
    expect(retried).toMatchObject({ completed: true, failedStep: null });
    const again = await bed.client.rpc.call(rpc.run, runBody);
    expect(again.session.sessionId).toBe(retried.session.sessionId);
  });

  it('a run whose session was lost with Redis after its record was made finishes with that record', async () => {
    const runner = await owner();
    const runBody = {
      ...stageBody(runner.caller, runner.businessId),
      accountId: runner.account.id,
      idempotencyKey: 'run-after-redis-loss',
    };
    const first = await bed.client.rpc.call(rpc.run, runBody);
    expect(first.session.createdEducationId).toEqual(expect.any(String));
    // What `shutdown nosave` and a restart leave: no session, no claim, of anyone.
    const keys = await bed.redis.keys('*');
    const prefix = bed.namespace.redisKeyPrefix;
    await bed.redis.del(...keys.map((key) => key.slice(prefix.length)));

    // its own record does not make the business id taken: the retry ends with that record
    const retried = await bed.client.rpc.call(rpc.run, runBody);
    expect(retried).toMatchObject({ completed: true, failedStep: null });
    expect(retried.session.createdEducationId).toBe(first.session.createdEducationId);
  });
});

describe('the audit trail', () => {
  it('is paginated like every list, oldest first', async () => {
    const session = await sessionAfter(5);
    const first = await bed.client.rpc.call(rpc.audit, {
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
    const last = await bed.client.rpc.call(rpc.audit, {
      id: session.sessionId,
      caller: session.caller,
      page: 3,
      limit: 3,
    });
    expect(last.data.map((entry) => entry.action)).toEqual(['complete']);
  });
});

describe('priority', () => {
  it('is accepted (normal by default), kept on the registration and shown', async () => {
    const person = await owner();
    const high = await bed.client.rpc.call(
      rpc.stage,
      stageBody(person.caller, person.businessId, { priority: 'high' }),
    );
    expect(
      (await bed.client.rpc.call(rpc.get, { id: high.sessionId, caller: person.caller })).options,
    ).toEqual({ expirationHours: 24, skipValidation: false, priority: 'high' });
    const { data } = await bed.client.rpc.call(rpc.audit, { id: high.sessionId, caller: admin });
    expect(data[0]).toMatchObject({ action: 'create', detail: { priority: 'high' } });
    const plain = await bed.client.rpc.call(rpc.stage, stageBody(person.caller, person.businessId));
    expect(
      (await bed.client.rpc.call(rpc.get, { id: plain.sessionId, caller: person.caller })).options
        .priority,
    ).toBe('normal');
    const refused = await rpcFailure(
      bed.client.rpc.call(rpc.stage, {
        ...stageBody(person.caller, person.businessId),
        options: { priority: 'urgent' as 'high' },
      }),
    );
    expect(refused.status).toBe(400);
  });
});
