import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '@medicalink/contracts';
import { visibleTo, type Viewer } from './event-visibility';

const OWNER = 'aaaaaaaa-0000-4000-8000-000000000001';
const OTHER = 'aaaaaaaa-0000-4000-8000-000000000002';
const owner: Viewer = { sub: OWNER, privilege: 'owner' };
const at = '2026-01-01T00:00:00.000Z';

function event(type: string, kind: LiveEvent['subject']['kind'], data: Record<string, unknown>) {
  return { type, occurredAt: at, subject: { kind, id: 'x' }, data } satisfies LiveEvent;
}

const doctor = {
  doctorId: 'd1',
  accountId: OTHER,
  displayName: 'Dr A',
  specialty: 'cardiology',
  licenseNumber: 'LIC-1',
  isActive: true,
  occurredAt: at,
};

describe('visibleTo', () => {
  it('shows admin and main every event whole', () => {
    const saga = event('saga.started', 'saga', { sagaId: 's', type: 'doctor-creation' });
    for (const privilege of ['admin', 'main'] as const) {
      expect(visibleTo(saga, { sub: OTHER, privilege })).toBe(saga);
    }
  });

  it('shows an owner their own account and registration events, not another owner’s', () => {
    const own = event('staff.account.updated', 'account', { accountId: OWNER, email: 'o@x.co' });
    const theirs = event('staff.account.updated', 'account', { accountId: OTHER, email: 'p@x.co' });
    const step = event('education.registration.step.done', 'registration', { owner: OWNER });
    const otherStep = event('education.registration.step.failed', 'registration', { owner: OTHER });
    const record = event('education.record.created', 'record', { accountId: OTHER });

    expect(visibleTo(own, owner)).toBe(own);
    expect(visibleTo(step, owner)).toBe(step);
    expect([theirs, otherStep, record].map((e) => visibleTo(e, owner))).toEqual([null, null, null]);
  });

  it('shows an owner active doctors’ public fields only, and no saga, import or product event', () => {
    const created = visibleTo(event('doctor.profile.created', 'doctor', doctor), owner);
    const inactive = event('doctor.profile.updated', 'doctor', { ...doctor, isActive: false });
    const hidden = [
      event('saga.completed', 'saga', { sagaId: 's' }),
      event('schedule.import.phase.started', 'import', { importId: 'i' }),
      event('product.product.created', 'product', { productId: 'p' }),
      inactive,
    ];

    expect(created?.data).toEqual({
      doctorId: 'd1',
      displayName: 'Dr A',
      specialty: 'cardiology',
      isActive: true,
    });
    expect(hidden.map((e) => visibleTo(e, owner))).toEqual([null, null, null, null]);
  });
});
