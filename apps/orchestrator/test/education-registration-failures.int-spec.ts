import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { recordRpc } from '@medicalink/contracts';
import { rpcFailure } from '@medicalink/testing';
import {
  admin,
  INTERNAL,
  registrationTestbed,
  rpc,
  stageBody,
} from './education-registration-support';
import { faults } from './support';

/**
 * Failed steps: what the registration and its trail show, and unreadable sessions. The education
 * service fails (500) the first validate and category check, then the first two record creates:
 * each is consumed by the first call of its kind in this file, in the order the tests run.
 */
const bed = registrationTestbed(
  'edufail',
  faults(
    { pattern: 'education.check.validate', mode: 'error', times: 1 },
    { pattern: 'education.check.category', mode: 'error', times: 1 },
    { pattern: 'education.record.create', mode: 'error', times: 2 },
  ),
);
const { owner, step, sessionAfter, failures } = bed;

// First in the file: it consumes the injected validate and category faults.
describe('every failed step shows', () => {
  it('leaves creation_failed with lastError (a 5xx masked) and an audit entry; only that step runs again', async () => {
    const person = await owner();
    const stranger = await owner();
    const { sessionId: id } = await bed.client.rpc.call(
      rpc.stage,
      stageBody(person.caller, person.businessId),
    );
    const view = () => bed.client.rpc.call(rpc.get, { id, caller: person.caller });

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
    const { data } = await bed.client.rpc.call(rpc.audit, { id, caller: admin, limit: 100 });
    expect(data.every((entry) => entry.by === by && entry.byPrivilege === 'owner')).toBe(true);
    // the trail keeps no internal text either
    expect(JSON.stringify(data)).not.toContain('Injected fault');
  });

  it('a validation with critical failures is a failed step too, and frees the business id', async () => {
    const person = await owner();
    const body = stageBody(person.caller, person.businessId);
    const { sessionId } = await bed.client.rpc.call(rpc.stage, {
      ...body,
      educationData: { ...body.educationData, university: 'gb-university-of-oxford' },
    });
    const result = await step('validate', sessionId, person.caller);
    expect(result).toMatchObject({ isValid: false, status: 'creation_failed' });
    const view = await bed.client.rpc.call(rpc.get, { id: sessionId, caller: person.caller });
    expect(view.lastError).toMatchObject({ step: 'validate', code: 'EDUCATION_VALIDATION_FAILED' });
    expect(view.lastError?.message).toContain('University of Oxford is in GB, not in CA');
    expect(await failures(sessionId)).toHaveLength(1);
    const refusal = await rpcFailure(step('category', sessionId, person.caller));
    expect(refusal.status).toBe(409);

    // corrected data in a new registration is not blocked by the failed one
    const { sessionId: again } = await bed.client.rpc.call(rpc.stage, body);
    expect(await step('validate', again, person.caller)).toMatchObject({ isValid: true });
  });
});

describe('creation_failed and retry', () => {
  it("run's step result masks an unexpected error, as the registration does", async () => {
    const person = await owner();
    const run = await bed.client.rpc.call(rpc.run, {
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
    const failed = await bed.client.rpc.call(rpc.get, {
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
    const again = await bed.client.rpc.call(rpc.get, {
      id: session.sessionId,
      caller: session.caller,
    });
    expect(again).toMatchObject({
      status: 'education_created',
      errorMessage: null,
      lastError: null,
    });
    expect(again.createdEducationId).toBe(
      (created as { createdEducationId: string }).createdEducationId,
    );
    const records = await bed.client.rpc.call(recordRpc.list, {
      userBusinessId: session.businessId,
    });
    expect(records.meta.total).toBe(1);
  });

  it('a create refused by the education service (business id taken) fails, and stays retryable', async () => {
    const session = await sessionAfter(3);
    await bed.client.rpc.call(recordRpc.create, {
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
    const view = await bed.client.rpc.call(rpc.get, {
      id: session.sessionId,
      caller: session.caller,
    });
    expect(view.status).toBe('creation_failed');
  });
});

describe('an unreadable session', () => {
  it('answers 410 SESSION_CORRUPTED naming it, and the same idempotency key starts over', async () => {
    const person = await owner();
    const body = { ...stageBody(person.caller, person.businessId), idempotencyKey: 'corrupt-1' };
    const { sessionId } = await bed.client.rpc.call(rpc.stage, body);
    await bed.redis.hset(`session:education-registration:${sessionId}`, 'r', '{"truncated');
    const failure = await rpcFailure(
      bed.client.rpc.call(rpc.get, { id: sessionId, caller: person.caller }),
    );
    expect(failure.envelope).toMatchObject({
      status: 410,
      code: 'SESSION_CORRUPTED',
      details: { sessionId },
    });
    const again = await bed.client.rpc.call(rpc.stage, body);
    expect(again).toMatchObject({ sessionId, status: 'staged' });
    // and goes on like any new registration
    expect(await step('validate', sessionId, person.caller)).toMatchObject({ isValid: true });
  });
});
