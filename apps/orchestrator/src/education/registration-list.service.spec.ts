import { describe, expect, it, vi } from 'vitest';
import { ListRegistrationsQuery, type RegistrationCaller } from '@medicalink/contracts';
import type { Kysely } from '@medicalink/persistence';
import { SessionNotFoundError, SessionStoreUnavailableError } from '@medicalink/session';
import type { OrchestratorDatabase } from '../database/orchestrator.schema';
import type {
  RegistrationAuditRepository,
  SessionSummaryRow,
} from './registration-audit.repository';
import { RegistrationListService } from './registration-list.service';
import type { RegistrationStore } from './registration-steps';

const OWNER: RegistrationCaller = {
  id: '3f1c2a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f',
  privilege: 'owner',
};
const ADMIN: RegistrationCaller = {
  id: '0b8e8a57-6c5d-4a8e-9d3f-7c1b2a3d4e5f',
  privilege: 'admin',
};
const LIVE = '11111111-1111-4111-8111-111111111111';
const EXPIRED = '22222222-2222-4222-8222-222222222222';

const summary = (sessionId: string, status: string): SessionSummaryRow => ({
  session_id: sessionId,
  owner_id: OWNER.id,
  user_business_id: 'OT-12345',
  status,
  last_action: 'validate',
  last_outcome: 'refused',
  created_at: new Date('2026-12-01T10:00:00Z'),
  last_at: new Date('2026-12-01T10:05:00Z'),
});

function listService(rows: SessionSummaryRow[], total = rows.length) {
  const sessions = vi.fn().mockResolvedValue({ rows, total });
  const get = vi.fn(async (id: string) => {
    if (id === LIVE) return { id, expiresAt: '2026-12-02T10:00:00.000Z' };
    throw new SessionNotFoundError(id);
  });
  const service = new RegistrationListService(
    {} as Kysely<OrchestratorDatabase>,
    { sessions } as unknown as RegistrationAuditRepository,
    { get } as unknown as RegistrationStore,
  );
  return { service, sessions, get };
}

describe('RegistrationListService', () => {
  it('keeps an owner to the sessions it started, whatever the filters ask', async () => {
    const { service, sessions } = listService([]);
    await service.list(OWNER, ListRegistrationsQuery.parse({ userBusinessId: 'OT-OTHER' }));
    expect(sessions).toHaveBeenCalledWith(expect.anything(), {
      ownerId: OWNER.id,
      userBusinessId: 'OT-OTHER',
      offset: 0,
      limit: 20,
    });
  });

  it('gives staff every owner, with the status filter and the page as offset', async () => {
    const { service, sessions } = listService([]);
    await service.list(
      ADMIN,
      ListRegistrationsQuery.parse({ status: 'validated', page: '3', limit: '10' }),
    );
    expect(sessions).toHaveBeenCalledWith(expect.anything(), {
      status: 'validated',
      offset: 20,
      limit: 10,
    });
  });

  it('lists an expired session with a null expiry and a live one with its own', async () => {
    const { service } = listService(
      [summary(LIVE, 'validated'), summary(EXPIRED, 'account_linked')],
      42,
    );
    const page = await service.list(ADMIN, ListRegistrationsQuery.parse({ limit: '2' }));
    expect(page.data).toEqual([
      {
        sessionId: LIVE,
        userBusinessId: 'OT-12345',
        ownerId: OWNER.id,
        status: 'validated',
        lastAction: 'validate',
        lastOutcome: 'refused',
        createdAt: '2026-12-01T10:00:00.000Z',
        lastUpdatedAt: '2026-12-01T10:05:00.000Z',
        expiresAt: '2026-12-02T10:00:00.000Z',
      },
      expect.objectContaining({ sessionId: EXPIRED, status: 'account_linked', expiresAt: null }),
    ]);
    expect(page.meta).toEqual({
      page: 1,
      limit: 2,
      total: 42,
      totalPages: 21,
      hasNext: true,
      hasPrev: false,
    });
  });

  it('fails rather than call every session expired while the store is down', async () => {
    const { service, get } = listService([summary(LIVE, 'staged')]);
    get.mockRejectedValueOnce(new SessionStoreUnavailableError('get', 'connection refused'));
    await expect(service.list(ADMIN, ListRegistrationsQuery.parse({}))).rejects.toBeInstanceOf(
      SessionStoreUnavailableError,
    );
  });

  it('refuses an unknown status filter', () => {
    expect(ListRegistrationsQuery.safeParse({ status: 'finished' }).success).toBe(false);
    expect(ListRegistrationsQuery.parse({ status: '' }).status).toBeUndefined();
  });
});
