/**
 * HTTP fuzzer (`npm run fuzz:http`): requests generated with fast-check from the gateway's own
 * OpenAPI document (/docs/json), spread evenly over every route. Before it starts, it seeds
 * real ids of every kind through the gateway (accounts, a doctor and its saga, hospitals, a
 * finished import and its version, products, product sessions, education registrations and a
 * record, a dead letter). Half the requests are meant to reach the handler (the main account's
 * token, ids of the kind the path names, valid values, known-good bodies, sample spreadsheets);
 * half are hostile: ids known, fresh and hostile; values broken in one place (missing and extra
 * fields, wrong types, huge and unicode strings, NUL, numbers at the limits), bad JSON, wrong
 * content types, oversized bodies, damaged spreadsheets and broken multipart forms; each
 * without a token, with a forged one, or with a token of each privilege.
 *
 * It counts 5xx answers, requests without an answer within FUZZ_HANG_MS, services that died,
 * and per route the requests that reached its handler (a success, or a service's refusal on
 * the merits other than 404); it prints that count per route and ends with the line
 *   fuzz <n> requests: 5xx <a>, hangs <b>, crashed services <c>
 * Exit 1 unless all three are 0 and every route of the document was reached FUZZ_MIN_REACHED
 * times (the first findings go to stderr).
 *
 * System: the six apps from dist/ in a fresh namespace (removed at the end), unless
 * FUZZ_BASE_URL names a running gateway (its main account: FUZZ_MAIN_EMAIL, FUZZ_MAIN_PASSWORD,
 * default the bootstrap account of .env.example; no dead letter is seeded there).
 *
 * Env: FUZZ_REQUESTS (10000), FUZZ_SEED (random, printed), FUZZ_CONCURRENCY (8),
 * FUZZ_HANG_MS (15000), FUZZ_MIN_REACHED (50).
 */
import { positiveEnv } from '../bench/env';
import {
  externalFuzzSystem,
  operationTable,
  resultLine,
  unreachedOperations,
  runHttpFuzz,
  startFuzzSystem,
  type FuzzSystem,
} from '@medicalink/testing';

async function main(): Promise<number> {
  const requests = positiveEnv('FUZZ_REQUESTS', 10_000);
  const minReached = positiveEnv('FUZZ_MIN_REACHED', 50);
  const seed = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
  const baseUrl = process.env['FUZZ_BASE_URL'];
  process.stderr.write(`fuzz: seed ${seed}, ${requests} requests\n`);
  const system: FuzzSystem = baseUrl
    ? await externalFuzzSystem(baseUrl, {
        email: process.env['FUZZ_MAIN_EMAIL'] ?? 'admin@medicalink.local',
        password: process.env['FUZZ_MAIN_PASSWORD'] ?? 'ChangeMe-dev-only-123',
      })
    : await startFuzzSystem();
  const stopOnSignal = () => void system.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    const document = (await (
      await fetch(`${system.target.baseUrl}/docs/json`)
    ).json()) as Parameters<typeof runHttpFuzz>[1];
    const started = Date.now();
    const result = await runHttpFuzz(system.target, document, {
      requests,
      seed,
      concurrency: positiveEnv('FUZZ_CONCURRENCY', 8),
      hangMs: positiveEnv('FUZZ_HANG_MS', 15_000),
      crashedServices: () => system.crashedServices(),
      onProgress: (done) => process.stderr.write(`fuzz: ${done}/${requests}\n`),
    });
    process.stderr.write(
      `fuzz: ${Object.keys(result.byOperation).length} routes, ${Math.round((Date.now() - started) / 1000)} s; statuses ${JSON.stringify(result.byStatus)}\n`,
    );
    for (const finding of result.findings.slice(0, 20)) {
      process.stderr.write(`fuzz finding: ${JSON.stringify(finding)}\n`);
    }
    if (result.crashedServices > 0) process.stderr.write(`${system.output()}\n`);
    process.stdout.write(`requests that reached the handler / sent, per route:\n`);
    process.stdout.write(`${operationTable(result)}\n`);
    const unreached = unreachedOperations(result, minReached);
    for (const [operation, { reached, statuses }] of unreached) {
      process.stderr.write(
        `fuzz: ${operation} reached its handler ${reached} times, under ${minReached}; statuses ${JSON.stringify(statuses)}\n`,
      );
    }
    process.stdout.write(`${resultLine(result)}\n`);
    const clean = result.serverErrors + result.hangs + result.crashedServices === 0;
    return clean && unreached.length === 0 ? 0 : 1;
  } finally {
    await system.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fuzz: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
