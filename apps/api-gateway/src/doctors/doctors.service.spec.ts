import { describe, expect, it, vi } from 'vitest';
import { doctorCompositeRpc, type DoctorComposite, type JwtClaims } from '@medicalink/contracts';
import type { RpcClient } from '@medicalink/messaging';
import { DoctorsService } from './doctors.service';

const ACTIVE = '3f1c2a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f';
const INACTIVE = '0b8e8a57-6c5d-4a8e-9d3f-7c1b2a3d4e5f';
const caller = (privilege: JwtClaims['privilege']): JwtClaims => ({
  sub: '9d2f4c1e-0a7b-4e3d-8c6f-5b4a3c2d1e0f',
  email: `${privilege}@medicalink.local`,
  privilege,
  iat: 0,
  exp: 1,
});
const doctor = (id: string, isActive: boolean): DoctorComposite => ({
  id,
  accountId: id,
  fullName: 'Dr. Test',
  email: 'dr@medicalink.local',
  dob: null,
  phone: null,
  specialty: 'Dermatology',
  licenseNumber: 'GMC-1',
  bio: null,
  hospitalIds: [],
  isActive,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const cache = { hit: false, ttl: 300 };

function service() {
  const call = vi.fn((definition: unknown, request: { id?: string }) => {
    if (definition === doctorCompositeRpc.getComposite) {
      return Promise.resolve({ data: doctor(request.id!, request.id === ACTIVE), cache });
    }
    return Promise.resolve({ data: [doctor(INACTIVE, false), doctor(ACTIVE, true)], cache });
  });
  return new DoctorsService({ call } as unknown as RpcClient);
}

describe('DoctorsService and inactive doctors', () => {
  it('answers an owner 404 for an inactive doctor, as for an unknown one', async () => {
    await expect(service().get(caller('owner'), INACTIVE, false)).rejects.toMatchObject({
      envelope: { code: 'DOCTOR_NOT_FOUND', status: 404, message: `Doctor ${INACTIVE} not found` },
    });
    await expect(service().get(caller('owner'), ACTIVE, false)).resolves.toMatchObject({
      data: { id: ACTIVE },
    });
  });

  it.each(['admin', 'main'] as const)('shows an inactive doctor to %s, marked', async (who) => {
    await expect(service().get(caller(who), INACTIVE, false)).resolves.toMatchObject({
      data: { id: INACTIVE, isActive: false },
    });
  });

  it('leaves inactive doctors out of ?ids= for an owner, not for staff', async () => {
    const query = { ids: [INACTIVE, ACTIVE], status: 'active' as const, page: 1, limit: 20 };
    const owners = await service().search(caller('owner'), query, false);
    expect(owners.data.map((item) => item.id)).toEqual([ACTIVE]);
    expect(owners.meta.total).toBe(1);
    const staff = await service().search(caller('admin'), query, false);
    expect(staff.data.map((item) => [item.id, item.isActive])).toEqual([
      [INACTIVE, false],
      [ACTIVE, true],
    ]);
  });
});
