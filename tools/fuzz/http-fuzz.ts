/**
 * HTTP fuzzer (`npm run fuzz:http`): requests generated with fast-check from the gateway's own
 * OpenAPI document (/docs/json), spread evenly over every route: path ids known, fresh and
 * hostile; query, header and body values valid or broken in one place (missing and extra
 * fields, wrong types, huge and unicode strings, NUL, numbers at the limits), bad JSON, wrong
 * content types, oversized bodies; each without a token, with a forged one, or with a token of
 * each privilege. It counts 5xx answers, requests without an answer within FUZZ_HANG_MS, and
 * services that died, and ends with the line
 *   fuzz <n> requests: 5xx <a>, hangs <b>, crashed services <c>
 * (exit 1 unless all three are 0; the first findings go to stderr).
 *
 * System: the six apps from dist/ in a fresh namespace (removed at the end), unless
 * FUZZ_BASE_URL names a running gateway (its main account: FUZZ_MAIN_EMAIL, FUZZ_MAIN_PASSWORD,
 * default the bootstrap account of .env.example).
 *
 * Env: FUZZ_REQUESTS (10000), FUZZ_SEED (random, printed), FUZZ_CONCURRENCY (8), FUZZ_HANG_MS (15000).
 */
import { positiveEnv } from '../bench/env';
import {
  externalFuzzSystem,
  resultLine,
  runHttpFuzz,
  startFuzzSystem,
  type FuzzSystem,
} from '@medicalink/testing';

async function main(): Promise<number> {
  const requests = positiveEnv('FUZZ_REQUESTS', 10_000);
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
      `fuzz: ${Object.keys(result.byOperation).length} operations, ${Math.round((Date.now() - started) / 1000)} s; statuses ${JSON.stringify(result.byStatus)}\n`,
    );
    for (const finding of result.findings.slice(0, 20)) {
      process.stderr.write(`fuzz finding: ${JSON.stringify(finding)}\n`);
    }
    if (result.crashedServices > 0) process.stderr.write(`${system.output()}\n`);
    process.stdout.write(`${resultLine(result)}\n`);
    return result.serverErrors + result.hangs + result.crashedServices === 0 ? 0 : 1;
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
