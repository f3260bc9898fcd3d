import type { Tone } from '../../../lib/theme';

export const STATUS_TONE: Record<string, Tone> = {
  up: 'success',
  healthy: 'success',
  degraded: 'warning',
  down: 'error',
  unhealthy: 'error',
};

export const STATUS_LABEL: Record<string, string> = {
  up: 'Up',
  healthy: 'Healthy',
  degraded: 'Degraded',
  down: 'Down',
  unhealthy: 'Unhealthy',
};

/** What each checked part is, for people who do not know the service names. */
export const PART_NAMES: Record<string, { name: string; what: string }> = {
  orchestrator: { name: 'Orchestrator', what: 'Sagas, sessions, cached reads' },
  accounts: { name: 'Accounts', what: 'Staff accounts and sign-in' },
  directory: { name: 'Provider directory', what: 'Doctors, hospitals, schedules' },
  'provider-directory': { name: 'Provider directory', what: 'Doctors, hospitals, schedules' },
  product: { name: 'Products', what: 'Products and audience targets' },
  education: { name: 'Education', what: 'Education records, reference data' },
  rabbitmq: { name: 'RabbitMQ', what: 'Messages between the services' },
  redis: { name: 'Redis', what: 'Cache, sessions, rate limits' },
};
