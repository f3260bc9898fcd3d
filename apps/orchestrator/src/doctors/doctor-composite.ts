import type { Account, Doctor, DoctorComposite } from '@medicalink/contracts';

/** Merges a directory profile with its account; the account may be gone. */
export function toComposite(doctor: Doctor, account: Account | undefined): DoctorComposite {
  return {
    id: doctor.id,
    accountId: doctor.accountId,
    fullName: account?.fullName ?? doctor.displayName,
    email: account?.email ?? null,
    dob: account?.dob ?? null,
    phone: account?.phone ?? null,
    specialty: doctor.specialty,
    licenseNumber: doctor.licenseNumber,
    bio: doctor.bio,
    hospitalIds: doctor.hospitalIds,
    isActive: doctor.isActive,
    createdAt: doctor.createdAt,
    updatedAt: doctor.updatedAt,
  };
}

/** Cache tags: what a cached read contains, so the right events drop it. */
export const CacheTag = {
  doctor: (id: string) => `doctor:${id}`,
  account: (id: string) => `account:${id}`,
  doctorLists: 'doctors:lists',
} as const;

export function tagsOf(doctors: readonly { id: string; accountId: string }[]): string[] {
  return doctors.flatMap((doctor) => [
    CacheTag.doctor(doctor.id),
    CacheTag.account(doctor.accountId),
  ]);
}
