import { randomUUID } from 'node:crypto';
import { gatewayClient } from '../gateway-client';
import { startSystem } from '../system';
import type { FuzzTarget } from './http-fuzzer';

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

/** The six apps from dist/ in a fresh namespace, with a fresh secret and main account. */
export async function startFuzzSystem(): Promise<FuzzSystem> {
  const system = await startSystem({ label: 'fuzz', env: { ...FUZZ_SYSTEM_ENV } });
  try {
    return {
      target: await prepareFuzzTarget(system.gatewayUrl, system.admin),
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
 * Tokens of each privilege (an admin and an owner created by the main account) and ids that
 * exist (a doctor, its account and saga, a spare account), so requests reach past lookups.
 */
export async function prepareFuzzTarget(
  gatewayUrl: string,
  main: { email: string; password: string },
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
  const spare = await http.call<{ id: string }>('POST', '/accounts', {
    token: mainToken,
    body: {
      email: `fuzz-spare-${randomUUID().slice(0, 8)}@medicalink.local`,
      password: `Fuzz-${randomUUID()}`,
      fullName: 'Fuzz Spare',
    },
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
  const tag = randomUUID().slice(0, 8);
  const doctor = await http.call<{ sagaId: string; accountId: string; doctorId: string }>(
    'POST',
    '/doctors',
    {
      token: mainToken,
      body: {
        email: `fuzz-dr-${tag}@medicalink.local`,
        password: `Fuzz-${randomUUID()}`,
        fullName: `Dr. Fuzz ${tag}`,
        specialty: 'Cardiology',
        licenseNumber: `FUZZ-${tag}`,
      },
    },
  );
  if (doctor.status !== 201) throw new Error(`could not create a doctor: ${doctor.status}`);
  return {
    baseUrl: gatewayUrl,
    tokens: { main: mainToken, admin: await tokenOf('admin'), owner: await tokenOf('owner') },
    known: {
      accounts: [spare.body.id, doctor.body.accountId],
      doctors: [doctor.body.doctorId],
      sagas: [doctor.body.sagaId],
    },
    sessionEndingToken: () => http.token(signingOut.email, signingOut.password),
  };
}
