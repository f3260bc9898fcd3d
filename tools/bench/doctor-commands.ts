import { randomBytes } from 'node:crypto';
import type { CreateDoctorCommand } from '@medicalink/contracts';

/**
 * Doctor-creation commands for runs that create many doctors (bench:saga, chaos:saga): every
 * email and license number unique, `<label>-<run>-<n>`.
 */
export class DoctorCommands {
  private readonly run = randomBytes(4).toString('hex');
  private counter = 0;

  constructor(private readonly label: string) {}

  next(): CreateDoctorCommand {
    const tag = `${this.run}-${(this.counter += 1)}`;
    return {
      email: `${this.label}-${tag}@medicalink.test`,
      password: 'a long enough password',
      fullName: `Dr. ${this.label} ${tag}`,
      specialty: 'Oncology',
      licenseNumber: `${this.label}-${tag}`.toUpperCase(),
      permissions: ['doctor:write'],
    };
  }
}
