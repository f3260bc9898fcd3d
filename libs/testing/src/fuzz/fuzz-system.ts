import { randomUUID } from 'node:crypto';
import { gatewayClient } from '../gateway-client';
import { publishRaw } from '../rabbit';
import { startSystem } from '../system';
import type { FuzzTarget } from './fuzz-requests';
import { seedFuzzTarget, type SeedContext } from './fuzz-seed';
import { fuzzUploads } from './fuzz-uploads';

export interface FuzzSystem {
  target: FuzzTarget;
  /** how many of the services died (started here: their processes; else: /health says down) */
  crashedServices(): Promise<number>;
  /** what the apps printed, for a failed run */
  output(): string;
  stop(): Promise<void>;
}

/** Settings of a system the fuzzer starts: limits far above what it sends, so it reaches the routes. */
export const FUZZ_SYSTEM_ENV = {
  LOG_LEVEL: 'warn',
  PASSWORD_HASH_COST: '1024',
  JWT_EXPIRES_IN_SEC: '86400',
  RATE_LIMIT_PER_TOKEN: '10000000',
  RATE_LIMIT_PER_ADDRESS: '10000000',
  LOGIN_FAILURES_PER_ADDRESS_AND_EMAIL: '100000',
  LOGIN_FAILURES_PER_EMAIL: '100000',
  LOGIN_FAILURES_PER_ADDRESS: '100000',
} as const;

/**
 * Puts a message whose payload breaks its contract on the events exchange of a namespace: the
 * orchestrator dead-letters it at once. Returns its message id.
 */
export function deadLetterSeeder(rabbitmqUrl: string, prefix: string): () => Promise<string> {
  return async () => {
    const messageId = `fuzz-dead-letter-${randomUUID()}`;
    await publishRaw(
      rabbitmqUrl,
      { exchange: `${prefix}.events`, routingKey: 'doctor.profile.deleted' },
      JSON.stringify({ doctorId: 'not-a-uuid' }),
      { messageId, type: 'doctor.profile.deleted', persistent: true },
    );
    return messageId;
  };
}

/** The six apps from dist/ in a fresh namespace, with a fresh secret and main account. */
export async function startFuzzSystem(): Promise<FuzzSystem> {
  const system = await startSystem({ label: 'fuzz', env: { ...FUZZ_SYSTEM_ENV } });
  try {
    return {
      target: await prepareFuzzTarget(system.gatewayUrl, system.admin, {
        seedDeadLetter: deadLetterSeeder(
          system.infrastructure.rabbitmqUrl,
          system.namespace.prefix,
        ),
      }),
      crashedServices: async () => [...system.apps.values()].filter((app) => !app.alive()).length,
      output: () => system.output(3_000),
      stop: () => system.stop(),
    };
  } catch (error) {
    await system.stop();
    throw error;
  }
}

/** FUZZ_BASE_URL: a running gateway; its main account from FUZZ_MAIN_EMAIL / FUZZ_MAIN_PASSWORD. */
export async function externalFuzzSystem(
  baseUrl: string,
  main: { email: string; password: string },
): Promise<FuzzSystem> {
  const gatewayUrl = baseUrl.replace(/\/+$/, '');
  return {
    target: await prepareFuzzTarget(gatewayUrl, main),
    crashedServices: async () => {
      const reply = await gatewayClient(gatewayUrl).call<{
        services?: Record<string, { status: string }>;
      }>('GET', '/health');
      return Object.values(reply.body.services ?? {}).filter((s) => s.status === 'down').length;
    },
    output: () => '',
    stop: async () => undefined,
  };
}

/**
 * Tokens of each privilege (an admin and an owner created by the main account), ids of every
 * kind that exist (seedFuzzTarget) and the files for the upload route, so that requests reach
 * past authentication, validation and lookups.
 */
export async function prepareFuzzTarget(
  gatewayUrl: string,
  main: { email: string; password: string },
  options: Pick<SeedContext, 'seedDeadLetter'> = {},
): Promise<FuzzTarget> {
  const http = gatewayClient(gatewayUrl);
  const mainToken = await http.token(main.email, main.password);
  const tokenOf = async (privilege: 'admin' | 'owner') => {
    const account = {
      email: `fuzz-${privilege}-${randomUUID().slice(0, 8)}@medicalink.local`,
      password: `Fuzz-${randomUUID()}`,
      fullName: `Fuzz ${privilege}`,
      privilege,
    };
    const created = await http.call('POST', '/accounts', { token: mainToken, body: account });
    if (created.status !== 201)
      throw new Error(`could not create the ${privilege}: ${created.status}`);
    return http.token(account.email, account.password);
  };
  const seeded = await seedFuzzTarget({
    gatewayUrl,
    main: { ...main, token: mainToken },
    ...options,
  });
  // Logged in afresh for each POST /auth/logout, which signs its caller out everywhere.
  const signingOut = {
    email: `fuzz-signout-${randomUUID().slice(0, 8)}@medicalink.local`,
    password: `Fuzz-${randomUUID()}`,
    fullName: 'Fuzz Sign-out',
  };
  const signOutAccount = await http.call('POST', '/accounts', {
    token: mainToken,
    body: signingOut,
  });
  if (signOutAccount.status !== 201) {
    throw new Error(`could not create the sign-out account: ${signOutAccount.status}`);
  }
  return {
    baseUrl: gatewayUrl,
    tokens: { main: mainToken, admin: await tokenOf('admin'), owner: await tokenOf('owner') },
    ...seeded,
    uploads: fuzzUploads(),
    sessionEndingToken: () => http.token(signingOut.email, signingOut.password),
  };
}
