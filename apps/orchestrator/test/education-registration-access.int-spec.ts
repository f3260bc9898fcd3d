import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accountRpc, type RegistrationCaller } from '@medicalink/contracts';
import { rpcFailure } from '@medicalink/testing';
import {
  admin,
  MAIN_ACTOR,
  registrationTestbed,
  rpc,
  stageBody,
} from './education-registration-support';

/** Who may do what with a registration, and what decides its category. */
const bed = registrationTestbed('eduacc');
const { owner, step, sessionAfter } = bed;

describe('who may do what', () => {
  it('another owner does not reach a session (404), an admin does', async () => {
    const session = await sessionAfter(0);
    const stranger = await owner();
    // every failure is caught as it is made (awaiting them in turn would leave the later ones
    // rejected and unhandled meanwhile)
    const refusals = await Promise.all(
      [
        bed.client.rpc.call(rpc.get, { id: session.sessionId, caller: stranger.caller }),
        bed.client.rpc.call(rpc.validate, { id: session.sessionId, caller: stranger.caller }),
        bed.client.rpc.call(rpc.audit, { id: session.sessionId, caller: stranger.caller }),
      ].map(rpcFailure),
    );
    expect(refusals.map((refusal) => refusal.status)).toEqual([404, 404, 404]);
    expect(
      (await bed.client.rpc.call(rpc.get, { id: session.sessionId, caller: admin })).status,
    ).toBe('staged');
    expect((await step('validate', session.sessionId, admin)).status).toBe('validated');
  });

  it('skipValidation: refused for an owner (403), honoured for an admin', async () => {
    const person = await owner();
    const refused = await rpcFailure(
      bed.client.rpc.call(
        rpc.stage,
        stageBody(person.caller, person.businessId, { skipValidation: true }),
      ),
    );
    expect(refused).toMatchObject({ status: 403, code: 'EDUCATION_SKIP_VALIDATION_FORBIDDEN' });
    const { sessionId } = await bed.client.rpc.call(
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
    const bareSession = await bed.client.rpc.call(rpc.stage, stageBody(admin, bare.businessId));
    await step('validate', bareSession.sessionId, admin);
    await step('category', bareSession.sessionId, admin);
    const linked = await step('linkAccount', bareSession.sessionId, admin, bare.account.id);
    expect(linked).toMatchObject({ status: 'account_linked', businessIdAssigned: true });
    const account = await bed.client.rpc.call(accountRpc.get, { id: bare.account.id });
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
        bed.client.rpc.call(rpc.stage, stageBody(who, businessId, { expirationHours: 72 })),
      );
      expect(refused).toMatchObject({ status: 403, code: 'EDUCATION_BUSINESS_ID_NOT_OWN' });
      const runRefused = await rpcFailure(
        bed.client.rpc.call(rpc.run, { ...stageBody(who, businessId), accountId: who.id }),
      );
      expect(runRefused.code).toBe('EDUCATION_BUSINESS_ID_NOT_OWN');
    }
    // the victim's own registration, and main's run for the victim, are not held up
    const own = await bed.client.rpc.call(rpc.run, {
      ...stageBody(victim.caller, victim.businessId),
      accountId: victim.account.id,
    });
    expect(own).toMatchObject({ completed: true });
  });

  it('nothing an owner reads names another session, record or account', async () => {
    const person = await owner();
    // staff registering the same business id first hold it
    const held = await bed.client.rpc.call(rpc.stage, stageBody(admin, person.businessId));
    await step('validate', held.sessionId, admin);
    const { sessionId } = await bed.client.rpc.call(
      rpc.stage,
      stageBody(person.caller, person.businessId),
    );
    const result = await step('validate', sessionId, person.caller);
    expect(result).toMatchObject({ isValid: false });
    const text = JSON.stringify([
      result,
      await bed.client.rpc.call(rpc.get, { id: sessionId, caller: person.caller }),
    ]);
    expect(text).toContain('USER_BUSINESS_ID_TAKEN');
    expect(text).not.toContain(held.sessionId);
    // staff see which session holds it
    const staffView = await bed.client.rpc.call(rpc.get, { id: sessionId, caller: admin });
    expect(JSON.stringify(staffView.validation)).toContain(held.sessionId);
  });

  it('an admin cannot give a main account a business id through link-account (403, as PATCH)', async () => {
    const main = await owner(null, { privilege: 'main' });
    const session = await bed.client.rpc.call(
      rpc.stage,
      stageBody(admin, main.businessId, { skipValidation: true }),
    );
    await step('category', session.sessionId, admin);
    const refused = await rpcFailure(
      step('linkAccount', session.sessionId, admin, main.account.id),
    );
    expect(refused).toMatchObject({ status: 403, code: 'ACCOUNT_CHANGE_FORBIDDEN' });
    expect(
      (await bed.client.rpc.call(accountRpc.get, { id: main.account.id })).businessId,
    ).toBeNull();
    const view = await bed.client.rpc.call(rpc.get, { id: session.sessionId, caller: admin });
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
    await bed.client.rpc.call(accountRpc.update, {
      id: session.account.id,
      fields: { isActive: false },
      actor: MAIN_ACTOR,
    });
    const refused = await rpcFailure(step('linkAccount', session.sessionId, session.caller));
    expect(refused).toMatchObject({ status: 409, code: 'EDUCATION_ACCOUNT_INACTIVE' });
  });
});

describe('the category decision', () => {
  it('is made again at linking with the linked account, whose membership it names', async () => {
    const lastYear = new Date().getUTCFullYear() - 1;
    // an account with an active membership and no business id yet: it receives it at linking
    const member = await owner(null, { membershipExpiresAt: '2099-01-01T00:00:00.000Z' });
    const { sessionId } = await bed.client.rpc.call(
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
    const linked = await bed.client.rpc.call(rpc.linkAccount, {
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
    const view = await bed.client.rpc.call(rpc.get, { id: sessionId, caller: admin });
    expect(view.category).toEqual(linked.category);
    const created = await bed.client.rpc.call(rpc.create, { id: sessionId, caller: admin });
    expect(created.record.category).toBe('new_graduated');
    const { data } = await bed.client.rpc.call(rpc.audit, { id: sessionId, caller: admin });
    expect(data.find((entry) => entry.action === 'linkAccount')?.detail).toMatchObject({
      category: 'new_graduated',
      previousCategory: 'graduated',
    });
  });
});
