import { randomUUID } from 'node:crypto';
import amqplib from 'amqplib';

export interface DoctorUpdates {
  brokerUrl: string;
  /** the system's messaging prefix */
  prefix: string;
  /** each event's licenseNumber is `<tag>-<n>` */
  tag: string;
  from?: number;
  count: number;
  /** characters added to each display name, to make events bigger */
  padding?: number;
}

/**
 * doctor.profile.updated events straight onto the system's exchange, confirmed in slices so the
 * stream readers of this process get their turns.
 */
export async function publishDoctorUpdates(updates: DoctorUpdates): Promise<void> {
  const { tag, from = 0, count } = updates;
  const connection = await amqplib.connect(updates.brokerUrl);
  try {
    const channel = await connection.createConfirmChannel();
    for (let n = from; n < from + count; n += 1) {
      const payload = {
        doctorId: randomUUID(),
        accountId: randomUUID(),
        displayName: `Dr. Load ${n} ${'x'.repeat(updates.padding ?? 0)}`,
        specialty: 'Dermatology',
        licenseNumber: `${tag}-${n}`,
        isActive: true,
        changed: ['bio'],
        occurredAt: new Date().toISOString(),
      };
      channel.publish(
        `${updates.prefix}.events`,
        'doctor.profile.updated',
        Buffer.from(JSON.stringify(payload)),
        { type: 'doctor.profile.updated', messageId: randomUUID(), persistent: true },
      );
      if (n % 200 === 199) await channel.waitForConfirms();
    }
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
}

/** The licenseNumber a streamed doctor event carries ('' for any other event). */
export function licenseOf(event: { data: unknown }): string {
  const license = (event.data as { data?: { licenseNumber?: unknown } } | null)?.data
    ?.licenseNumber;
  return typeof license === 'string' ? license : '';
}
