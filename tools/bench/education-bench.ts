/**
 * Education benchmark (`npm run bench:education`), against the shipped reference data grown to
 * 50,000 generated colleges (inserted into the bench's own database only):
 *   1. recall: each of at least 50 misspelt names of Canadian colleges (transpositions,
 *      deletions, insertions, a wrong word, accents typed without; names of every length, see
 *      education/misspellings.ts) goes through the college check once; the intended college
 *      must be among its suggestions (or matched outright) for at least 90 % of them;
 *   2. the college check (education.check.collegeCountry, client -> education service), one call
 *      at a time: `check exact` cycles through the correct names of those colleges, `check
 *      fuzzy` through their misspellings that missed the exact lookup (a misspelling the
 *      service folds into an exact match is no fuzzy search and is left out of that row);
 *   3. full registration workflows (orchestrator.educationRegistration.run: stage, validate,
 *      category, link-account, create, complete) per second at c = 16.
 *
 * Layout: accounts, education and orchestrator run as processes from dist/ in a fresh test
 * namespace; the load runs in this process (closed loop, load.ts). Every run uses its own
 * owner account with its own business id, created before the clock starts.
 *
 * Env: BENCH_SECONDS (10 per row), BENCH_WARMUP_MS (1000), BENCH_CONCURRENCY (16, the run row),
 * BENCH_COLLEGES (50000), BENCH_PASSWORD_HASH_COST (1024). Results go to stdout, progress to
 * stderr; the last line, when every row succeeded and recall is at least 90 %, is
 * `education ratio fuzzy/exact check p50: <x>, recall <r> % of <n> misspellings` (target x <= 2).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import {
  accountRpc,
  checksRpc,
  educationRegistrationRpc,
  type RegistrationCaller,
} from '@medicalink/contracts';
import { createDatabase, databaseUrl } from '@medicalink/persistence';
import {
  createSystem,
  createTestClient,
  mapBounded,
  type TestClient,
  type TestSystem,
} from '@medicalink/testing';
import {
  growColleges,
  referenceCollegeNames,
  type CollegesTable,
  type EducationDb,
} from './education/generated-colleges';
import {
  misspell,
  MISSPELLING_KINDS,
  namesOfEveryLength,
  type Misspelling,
} from './education/misspellings';
import { positiveEnv } from './env';
import { runLoad, type LoadResult } from './load';
import { describeMachineSpeed, measureMachineSpeed } from './machine-speed';
import { finishBench } from './report';
import { runBench } from './run-bench';
import { fixed, formatLine } from './table';

const CALL_TIMEOUT_MS = 30_000;
/** How many owner accounts to make up front: enough for this many runs per second. */
const RUNS_PER_SECOND_ESTIMATE = 150;
const COUNTRY = 'CA';
/** colleges misspelt, spread over the name lengths; each gets every kind of mistake that applies */
const MISSPELT_COLLEGES = 16;
const MIN_MISSPELLINGS = 50;
const MIN_RECALL = 0.9;

const state: {
  system?: TestSystem;
  client?: TestClient;
  db?: EducationDb;
  cleaned?: Promise<void>;
} = {};

function cleanup(): Promise<void> {
  state.cleaned ??= (async () => {
    await state.client?.close().catch(() => undefined);
    await state.db?.destroy().catch(() => undefined);
    await state.system?.stop().catch((error: unknown) => {
      process.stderr.write(`clean-up failed: ${(error as Error).message}\n`);
    });
  })();
  return state.cleaned;
}

/** Owner accounts with business ids, made before the run row's clock starts. */
function makeOwners(
  client: TestClient,
  count: number,
): Promise<{ caller: RegistrationCaller; businessId: string }[]> {
  return mapBounded(count, 16, async () => {
    const tag = randomUUID().slice(0, 12);
    const account = await client.rpc.call(accountRpc.create, {
      email: `bench-${tag}@medicalink.test`,
      password: 'a long enough password',
      fullName: 'Bench Therapist',
      businessId: `B-${tag}`,
    });
    return { caller: { id: account.id, privilege: 'owner' as const }, businessId: `B-${tag}` };
  });
}

interface Checked extends Misspelling {
  /** the check named the intended college: matched it outright, or suggested it */
  found: boolean;
  /** the misspelling missed the exact lookup (a fuzzy search answered) */
  fuzzy: boolean;
  suggestions: string[];
}

/** Each misspelling through the college check once: did the intended college come back? */
async function checkRecall(client: TestClient, misspellings: Misspelling[]): Promise<Checked[]> {
  const checked: Checked[] = [];
  for (const misspelling of misspellings) {
    const reply = await client.rpc.call(checksRpc.collegeCountry, {
      college: misspelling.text,
      country: COUNTRY,
    });
    const suggestions = reply.suggestions ?? [];
    checked.push({
      ...misspelling,
      found: reply.isValid || suggestions.includes(misspelling.intended),
      fuzzy: !reply.isValid,
      suggestions,
    });
  }
  return checked;
}

function describeRecall(checked: readonly Checked[]): { recall: number; lines: string[] } {
  const found = checked.filter((c) => c.found).length;
  const recall = checked.length > 0 ? found / checked.length : 0;
  const byKind = MISSPELLING_KINDS.map((kind) => {
    const own = checked.filter((c) => c.kind === kind);
    return `${kind} ${own.filter((c) => c.found).length}/${own.length}`;
  });
  const misses = checked
    .filter((c) => !c.found)
    .map(
      (c) =>
        `  missed (${c.kind}): "${c.text}" for "${c.intended}", suggested ${c.suggestions.length > 0 ? c.suggestions.map((s) => `"${s}"`).join(', ') : 'nothing'}`,
    );
  return {
    recall,
    lines: [
      `recall: ${found} of ${checked.length} misspellings named the intended college (${fixed(recall * 100, 1)} %); by kind: ${byKind.join(', ')}`,
      ...misses,
    ],
  };
}

const COLUMNS = [28, 3, 9, 9, 9];
interface Row extends LoadResult {
  name: string;
}
function formatRow(row: Row): string {
  return formatLine(COLUMNS, [
    row.name,
    String(row.concurrency),
    fixed(row.reqPerSec, 1),
    fixed(row.p50Ms, 2),
    fixed(row.p99Ms, 2),
  ]);
}

async function main(): Promise<void> {
  const durationMs = Math.round(positiveEnv('BENCH_SECONDS', 10) * 1000);
  const warmupMs = Math.round(positiveEnv('BENCH_WARMUP_MS', 1000));
  const concurrency = Math.round(positiveEnv('BENCH_CONCURRENCY', 16));
  const collegeCount = Math.round(positiveEnv('BENCH_COLLEGES', 50_000));
  const hashCost = String(Math.round(positiveEnv('BENCH_PASSWORD_HASH_COST', 1024)));

  const speed = await measureMachineSpeed();
  const system = await createSystem({ label: 'ebench', env: { PASSWORD_HASH_COST: hashCost } });
  state.system = system;
  const { namespace } = system;
  process.stderr.write(
    `education bench ${namespace.id}: starting accounts, education, orchestrator\n`,
  );
  await system.startApps(['accounts', 'education', 'orchestrator']);
  const client = await createTestClient(namespace, {
    timeoutMs: CALL_TIMEOUT_MS,
    resilience: { retries: 0 },
  });
  state.client = client;
  const db = createDatabase<{ colleges: CollegesTable }>(
    databaseUrl(namespace.infrastructure.postgresUrl, namespace.database('education')),
    { maxConnections: 2 },
  );
  state.db = db;

  const reference = await referenceCollegeNames(db, COUNTRY);
  const picked = namesOfEveryLength(reference, MISSPELT_COLLEGES);
  const misspellings = misspell(picked, reference);
  process.stderr.write(`growing the reference set with ${collegeCount} generated colleges\n`);
  const colleges = await growColleges(db, collegeCount);

  const [load1] = loadavg();
  const header = [
    `education bench ${namespace.id} (load average ${load1?.toFixed(2)} on ${availableParallelism()} CPUs): ` +
      `${durationMs / 1000} s per row (+${warmupMs} ms warm-up), ${colleges} colleges (${collegeCount} generated)`,
    `check exact  = education.check.collegeCountry(name, ${COUNTRY}) over ${picked.length} colleges of ${picked[0]?.length ?? 0} to ${picked.at(-1)?.length ?? 0} characters: one indexed equality lookup`,
    `check fuzzy  = the same over their misspellings that miss the exact lookup: similar words in the vocabulary (pg_trgm GIN), the rarest words' colleges in ${COUNTRY} ranked by trigram similarity`,
    `run          = orchestrator.educationRegistration.run, every step, c = ${concurrency}`,
    describeMachineSpeed(speed),
  ];
  process.stderr.write(`${header.join('\n')}\n`);

  const problems: string[] = [];
  process.stderr.write(`recall: checking ${misspellings.length} misspellings\n`);
  const checked = await checkRecall(client, misspellings);
  const recall = describeRecall(checked);
  process.stderr.write(`${recall.lines.join('\n')}\n`);
  if (misspellings.length < MIN_MISSPELLINGS)
    problems.push(`only ${misspellings.length} misspellings (at least ${MIN_MISSPELLINGS} wanted)`);
  if (recall.recall < MIN_RECALL)
    problems.push(
      `recall ${fixed(recall.recall * 100, 1)} % is below ${MIN_RECALL * 100} %: the intended college was missing from the suggestions of ${checked.filter((c) => !c.found).length} misspellings`,
    );

  const rows: Row[] = [];
  const measure = async (name: string, c: number, call: (n: number) => Promise<void>) => {
    process.stderr.write(`${name}: running\n`);
    const result = await runLoad({ concurrency: c, warmupMs, durationMs, call });
    const row = { name, ...result };
    rows.push(row);
    process.stderr.write(
      `  ${formatRow(row)}${result.errors ? ` (${result.errors} errors: ${result.firstError})` : ''}\n`,
    );
    if (result.errors > 0)
      problems.push(`${name}: ${result.errors} failed calls, first: ${result.firstError}`);
    if (result.completed === 0) problems.push(`${name}: no call completed inside the window`);
  };

  /** A call per name in turn; each must come back valid (exact) or invalid (fuzzy) as expected. */
  const cycle = (names: readonly string[], valid: boolean) => async (n: number) => {
    const college = names[n % names.length] as string;
    const reply = await client.rpc.call(checksRpc.collegeCountry, { college, country: COUNTRY });
    if (reply.isValid !== valid)
      throw new Error(`unexpected check reply for "${college}": ${JSON.stringify(reply)}`);
  };
  const fuzzy = checked.filter((c) => c.fuzzy).map((c) => c.text);
  await measure('check exact', 1, cycle(picked, true));
  if (fuzzy.length > 0) await measure('check fuzzy', 1, cycle(fuzzy, false));
  else problems.push('no misspelling missed the exact lookup: nothing to time as fuzzy');

  const expectedRuns = Math.ceil(((durationMs + warmupMs) / 1000) * RUNS_PER_SECOND_ESTIMATE);
  process.stderr.write(`creating ${expectedRuns} owner accounts for the run row\n`);
  const owners = await makeOwners(client, expectedRuns);
  let nextOwner = 0;
  let lateAccounts = 0;
  await measure(`run c=${concurrency}`, concurrency, async () => {
    let owner = owners[nextOwner++];
    if (!owner) {
      // more runs than estimated: this one pays for its account inside the window
      lateAccounts += 1;
      [owner] = await makeOwners(client, 1);
    }
    const { caller, businessId } = owner!;
    const reply = await client.rpc.call(
      educationRegistrationRpc.run,
      {
        caller,
        accountId: caller.id,
        userBusinessId: businessId,
        educationData: {
          graduationYear: 2021,
          university: 'ca-mcmaster-university',
          country: COUNTRY,
          degreeType: 'masters',
          college: picked[0] ?? 'Humber College',
        },
      },
      { timeoutMs: CALL_TIMEOUT_MS, retries: 0 },
    );
    if (!reply.completed)
      throw new Error(`run stopped at ${reply.failedStep}: ${JSON.stringify(reply.stepResult)}`);
  });
  await cleanup();
  const notes =
    lateAccounts > 0
      ? [`${lateAccounts} runs made their own account inside the window (estimate too low)`]
      : [];

  const p50 = (name: string) => rows.find((row) => row.name === name)?.p50Ms ?? Number.NaN;
  finishBench('education', {
    lines: [
      ...header,
      formatLine(COLUMNS, ['row', 'c', 'ops/s', 'p50(ms)', 'p99(ms)']),
      ...rows.map(formatRow),
      ...notes,
      ...recall.lines,
    ],
    ratios: [
      `education ratio fuzzy/exact check p50: ${fixed(p50('check fuzzy') / p50('check exact'), 2)}, recall ${fixed(recall.recall * 100, 1)} % of ${checked.length} misspellings`,
    ],
    problems,
  });
}

runBench('education', main, { cleanup });
