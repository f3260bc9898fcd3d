/**
 * Education benchmark (`npm run bench:education`):
 *   1. the college check (education.check.collegeCountry, client -> education service) with an
 *      exact name and with a misspelt one, one call at a time, against the shipped reference
 *      data grown to 50,000 generated colleges (inserted into the bench's own database only);
 *   2. full registration workflows (orchestrator.educationRegistration.run: stage, validate,
 *      category, link-account, create, complete) per second at c = 16.
 *
 * Layout: accounts, education and orchestrator run as processes from dist/ in a fresh test
 * namespace; the load runs in this process (closed loop, load.ts). Every run uses its own
 * owner account with its own business id, created before the clock starts.
 *
 * Env: BENCH_SECONDS (10 per row), BENCH_WARMUP_MS (1000), BENCH_CONCURRENCY (16, the run row),
 * BENCH_COLLEGES (50000), BENCH_PASSWORD_HASH_COST (1024). Results go to stdout, progress to
 * stderr; the last line is `education ratio fuzzy/exact check p50: <x>` (target <= 2).
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
import { createDatabase, databaseUrl, sql, type Kysely } from '@medicalink/persistence';
import {
  createTestClient,
  createTestNamespace,
  findInfrastructure,
  spawnApp,
  type ChildApp,
  type TestClient,
  type TestNamespace,
} from '@medicalink/testing';
import { positiveEnv } from './env';
import { runLoad, type LoadResult } from './load';
import { describeMachineSpeed, measureMachineSpeed } from './machine-speed';
import { runBench } from './run-bench';
import { fixed, formatLine } from './table';

const CALL_TIMEOUT_MS = 30_000;
/** How many owner accounts to make up front: enough for this many runs per second. */
const RUNS_PER_SECOND_ESTIMATE = 150;
const COUNTRY = 'CA';
const EXACT = 'Humber College';
const MISSPELT = 'Humbr Colege';

interface CollegesTable {
  id: string;
  name: string;
  country: string;
  university_id: string | null;
}
type EducationDb = Kysely<{ colleges: CollegesTable }>;

const state: {
  namespace?: TestNamespace;
  apps: ChildApp[];
  client?: TestClient;
  db?: EducationDb;
  stopInfrastructure?: () => Promise<void>;
  cleaned?: Promise<void>;
} = { apps: [] };

function cleanup(): Promise<void> {
  state.cleaned ??= (async () => {
    await state.client?.close().catch(() => undefined);
    await state.db?.destroy().catch(() => undefined);
    await Promise.all(state.apps.map((app) => app.stop('SIGTERM', 5_000).catch(() => null)));
    await state.namespace?.cleanup().catch((error: unknown) => {
      process.stderr.write(`namespace cleanup failed: ${(error as Error).message}\n`);
    });
    await state.stopInfrastructure?.().catch(() => undefined);
  })();
  return state.cleaned;
}

const PLACES = [
  'Ashford',
  'Brampton',
  'Cedar Falls',
  'Dunmore',
  'Eastvale',
  'Fairhaven',
  'Glenwood',
  'Harrow',
  'Ironbridge',
  'Juniper',
  'Kingsbury',
  'Lakeshore',
  'Maplewood',
  'Northgate',
  'Oakridge',
  'Pinecrest',
  'Queensway',
  'Riverside',
  'Stonebridge',
  'Thornhill',
  'Upland',
  'Valleyview',
  'Westbrook',
  'Yorkton',
  'Zephyr Bay',
  'Aurora',
  'Bayfield',
  'Clearwater',
  'Dalton',
  'Elmira',
  'Foxborough',
  'Greystone',
  'Hillcrest',
  'Inverary',
  'Jasper',
  'Kestrel',
  'Linden',
  'Meadowvale',
  'Newcastle',
  'Orchard',
  'Portland',
  'Quarry Hill',
  'Redwood',
  'Silverton',
  'Timberlea',
  'Union',
  'Victoria Park',
  'Windermere',
  'Ashgrove',
  'Birchmount',
];
const KINDS = [
  'College',
  'Institute',
  'Polytechnic',
  'School',
  'Academy',
  'Community College',
  'Technical College',
  'Health Sciences College',
  'Career College',
  'Collège',
];
const FIELDS = [
  'Nursing',
  'Rehabilitation',
  'Occupational Therapy',
  'Physiotherapy',
  'Kinesiology',
  'Applied Arts',
  'Technology',
  'Business',
  'Health',
  'Design',
  'Music',
  'Agriculture',
  'Engineering',
  'Trades',
  'Hospitality',
  'Media',
  'Social Work',
  'Education',
  'Pharmacy',
  'Dental Hygiene',
  'Paramedicine',
  'Radiography',
  'Nutrition',
  'Midwifery',
  'Psychology',
  'Optometry',
  'Speech Therapy',
  'Respiratory Therapy',
  'Laboratory Science',
  'Public Health',
  'Gerontology',
  'Athletic Therapy',
  'Massage Therapy',
  'Chiropractic',
  'Sonography',
  'Medical Imaging',
  'Health Informatics',
  'Veterinary Technology',
  'Forestry',
  'Fine Arts',
  'Languages',
  'Law',
  'Accounting',
  'Marketing',
  'Aviation',
  'Culinary Arts',
  'Fashion',
  'Film',
  'Journalism',
  'Library Science',
  'Sport Management',
  'Recreation',
  'Early Childhood',
  'Addictions Counselling',
  'Mental Health',
  'Community Services',
  'Child and Youth Care',
  'Dietetics',
  'Biotechnology',
  'Environmental Science',
  'Geomatics',
  'Computer Science',
  'Cybersecurity',
  'Data Analytics',
  'Robotics',
  'Electronics',
  'Mechanics',
  'Welding',
  'Carpentry',
  'Plumbing',
  'Electrical Trades',
  'Construction',
  'Architecture',
  'Interior Design',
  'Graphic Design',
  'Animation',
  'Game Design',
  'Photography',
  'Theatre',
  'Dance',
  'Broadcasting',
  'Public Relations',
  'Human Resources',
  'Supply Chain',
  'Finance',
  'Insurance',
  'Real Estate',
  'Tourism',
  'Event Management',
  'Policing',
  'Firefighting',
  'Emergency Management',
  'Corrections',
  'Paralegal Studies',
  'Office Administration',
  'Medical Office Administration',
  'Pharmacy Technology',
  'Dental Assisting',
  'Personal Support',
];
const OTHER_COUNTRIES = ['US', 'GB', 'AU', 'FR', 'IN'];

/** `count` generated colleges, half of them in CA (where the check looks), the rest elsewhere. */
function* generatedColleges(count: number): Generator<CollegesTable> {
  let i = 0;
  for (const field of FIELDS) {
    for (const kind of KINDS) {
      for (const place of PLACES) {
        if (i >= count) return;
        const country = i % 2 === 0 ? COUNTRY : OTHER_COUNTRIES[i % OTHER_COUNTRIES.length]!;
        yield {
          id: `bench-${i}`,
          name: `${place} ${kind} of ${field}`,
          country,
          university_id: null,
        };
        i += 1;
      }
    }
  }
  for (; i < count; i += 1) {
    yield { id: `bench-${i}`, name: `Bench College ${i}`, country: COUNTRY, university_id: null };
  }
}

async function growColleges(db: EducationDb, count: number): Promise<number> {
  let batch: CollegesTable[] = [];
  const flush = async () => {
    if (batch.length > 0) await db.insertInto('colleges').values(batch).execute();
    batch = [];
  };
  for (const college of generatedColleges(count)) {
    batch.push(college);
    if (batch.length === 1_000) await flush();
  }
  await flush();
  // settled as after a load: statistics current, nothing left for autovacuum to do mid-row
  await sql`vacuum analyze colleges, college_words`.execute(db);
  const { total } = await db
    .selectFrom('colleges')
    .select((eb) => eb.fn.countAll<string>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(total);
}

/** Owner accounts with business ids, made before the run row's clock starts. */
async function makeOwners(
  client: TestClient,
  count: number,
): Promise<{ caller: RegistrationCaller; businessId: string }[]> {
  const owners: { caller: RegistrationCaller; businessId: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const tag = randomUUID().slice(0, 12);
      const account = await client.rpc.call(accountRpc.create, {
        email: `bench-${tag}@medicalink.test`,
        password: 'a long enough password',
        fullName: 'Bench Therapist',
        businessId: `B-${tag}`,
      });
      owners.push({ caller: { id: account.id, privilege: 'owner' }, businessId: `B-${tag}` });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return owners;
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
  const found = await findInfrastructure();
  state.stopInfrastructure = () => found.stop();
  const namespace = createTestNamespace(found.infrastructure, 'ebench');
  state.namespace = namespace;
  process.stderr.write(
    `education bench ${namespace.id}: starting accounts, education, orchestrator\n`,
  );
  const env = namespace.env({ PASSWORD_HASH_COST: hashCost });
  for (const name of ['accounts', 'education', 'orchestrator'] as const) {
    const app = spawnApp(name, env);
    state.apps.push(app);
  }
  await Promise.all(state.apps.map((app) => app.up(60_000)));
  const client = await createTestClient(namespace, {
    timeoutMs: CALL_TIMEOUT_MS,
    resilience: { retries: 0 },
  });
  state.client = client;
  const db = createDatabase<{ colleges: CollegesTable }>(
    databaseUrl(found.infrastructure.postgresUrl, namespace.database('education')),
    { maxConnections: 2 },
  );
  state.db = db;

  process.stderr.write(`growing the reference set with ${collegeCount} generated colleges\n`);
  const colleges = await growColleges(db, collegeCount);

  const [load1] = loadavg();
  const header = [
    `education bench ${namespace.id} (load average ${load1?.toFixed(2)} on ${availableParallelism()} CPUs): ` +
      `${durationMs / 1000} s per row (+${warmupMs} ms warm-up), ${colleges} colleges (${collegeCount} generated)`,
    `check exact  = education.check.collegeCountry("${EXACT}", ${COUNTRY}): one indexed equality lookup`,
    `check fuzzy  = the same with "${MISSPELT}": equality miss, then similar words in the vocabulary (pg_trgm GIN), the rarest words' colleges in ${COUNTRY} ranked by trigram similarity`,
    `run          = orchestrator.educationRegistration.run, every step, c = ${concurrency}`,
    describeMachineSpeed(speed),
  ];
  process.stderr.write(`${header.join('\n')}\n`);

  const rows: Row[] = [];
  const measure = async (name: string, c: number, call: () => Promise<void>) => {
    process.stderr.write(`${name}: running\n`);
    const result = await runLoad({ concurrency: c, warmupMs, durationMs, call: () => call() });
    const row = { name, ...result };
    rows.push(row);
    process.stderr.write(
      `  ${formatRow(row)}${result.errors ? ` (${result.errors} errors: ${result.firstError})` : ''}\n`,
    );
    if (result.errors > 0) process.exitCode = 1;
  };

  const check = (college: string, valid: boolean) => async () => {
    const reply = await client.rpc.call(checksRpc.collegeCountry, { college, country: COUNTRY });
    if (reply.isValid !== valid) throw new Error(`unexpected check reply ${JSON.stringify(reply)}`);
  };
  await measure('check exact', 1, check(EXACT, true));
  await measure('check fuzzy', 1, check(MISSPELT, false));
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
          college: EXACT,
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
  const out = [
    ...header,
    formatLine(COLUMNS, ['row', 'c', 'ops/s', 'p50(ms)', 'p99(ms)']),
    ...rows.map(formatRow),
    ...notes,
    `education ratio fuzzy/exact check p50: ${fixed(p50('check fuzzy') / p50('check exact'), 2)}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

runBench('education', main, { cleanup });
