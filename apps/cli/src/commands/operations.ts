import { Option, type Command } from 'commander';
import type { Saga, SagaListQuery, SagaState } from '@medicalink/sdk';
import type { Run } from '../context';
import { localTime, report, table, truncate } from '../output';
import { UsageError } from '../usage-error';
import { pageQuery, withPaging, type PagingFlags } from './paging';

/** What GET /sagas adds to a saga (the SDK's Saga is the journal view). */
type ListedSaga = Saga & { nextAttemptAt?: string | null; deferrals?: number };

interface DeadLetter {
  id: string;
  pattern: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: number | null;
  failedAt: string | null;
}

const SERVICES = 'gateway, orchestrator, accounts, directory, product, education';
const UNITS_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `--since 2h` (m, h, d, w ago) or an ISO date or timestamp, as the ISO timestamp it means. */
export function sinceTimestamp(value: string, now = Date.now()): string {
  const relative = /^(\d+)\s*([mhdw])$/i.exec(value.trim());
  if (relative) {
    const unit = UNITS_MS[relative[2]!.toLowerCase()]!;
    return new Date(now - Number(relative[1]) * unit).toISOString();
  }
  const absolute = Date.parse(value);
  if (Number.isNaN(absolute)) {
    throw new UsageError(
      `--since ${value}: give a duration (30m, 2h, 7d, 1w) or a date (2026-05-01, 2026-05-01T08:00:00Z)`,
    );
  }
  return new Date(absolute).toISOString();
}

function pageLine(
  meta: { page: number; totalPages: number; total: number },
  noun: string,
  where = '',
) {
  if (meta.total === 0) return `no ${noun}s${where}`;
  const pages = Math.max(meta.totalPages, 1);
  return `page ${meta.page} of ${pages} (${plural(meta.total, noun)}${where})`;
}

const UNDOING: ReadonlySet<string> = new Set([
  'compensating',
  'compensated',
  'compensation_failed',
]);

/**
 * Where a saga stands: steps done of all (or, once it is being undone, steps undone of those
 * started), and the step to look at: the one whose compensation failed, else the last error.
 */
function sagaRow(saga: ListedSaga) {
  const count = (state: string) => saga.steps.filter((step) => step.state === state).length;
  const started = saga.steps.filter((step) => step.startedAt !== null).length;
  const progress = UNDOING.has(saga.state)
    ? `${count('compensated')}/${started} undone`
    : `${count('completed')}/${saga.steps.length}`;
  const problem =
    saga.steps.find((step) => step.state === 'compensation_failed') ??
    saga.steps.filter((step) => step.error).at(-1);
  return [
    saga.id,
    saga.type,
    saga.state,
    progress,
    problem ? `${problem.name}: ${problem.error?.code ?? problem.state}` : null,
    localTime(saga.createdAt),
    localTime(saga.updatedAt),
  ];
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export function registerOperations(program: Command, run: Run): void {
  const sagas = program.command('sagas').description('saga journals: list, inspect, retry');

  const list = sagas
    .command('list')
    .description('sagas, newest first (admin, main)')
    .addOption(
      new Option('--state <state>', 'only sagas in this state').choices([
        'running',
        'completed',
        'compensating',
        'compensated',
        'compensation_failed',
      ]),
    )
    .option('--type <type>', 'e.g. doctor-creation, schedule-import')
    .option('--since <when>', 'created since: 30m, 2h, 7d, 1w ago, or a date or timestamp');
  withPaging(list);
  run(
    list,
    async (ctx, options: PagingFlags & { state?: string; type?: string; since?: string }) => {
      const query: SagaListQuery = {
        ...(options.state && { state: options.state as SagaState }),
        ...(options.type && { type: options.type }),
        ...(options.since && { from: sinceTimestamp(options.since) }),
        ...pageQuery(options),
      };
      const client = await ctx.client();
      return report(ctx.io, ctx.json, await client.listSagas(query), (page) =>
        [
          ...(page.data.length > 0
            ? [
                table(
                  ['id', 'type', 'state', 'steps', 'problem', 'created', 'updated'],
                  (page.data as ListedSaga[]).map(sagaRow),
                ),
              ]
            : []),
          pageLine(page.meta, 'saga'),
        ].join('\n'),
      );
    },
  );

  const get = sagas.command('get').description('a saga and its steps').argument('<id>', 'saga id');
  run(get, async (ctx, id: string) => {
    const client = await ctx.client();
    return report(ctx.io, ctx.json, await client.getSaga(id), (saga) =>
      [
        `saga ${saga.id} (${saga.type}): ${saga.state}`,
        table(
          ['step', 'state', 'attempts', 'started', 'finished', 'error'],
          saga.steps.map((step) => [
            step.name,
            step.state,
            step.attempts,
            localTime(step.startedAt),
            localTime(step.finishedAt),
            truncate(step.error ? `${step.error.code}: ${step.error.message}` : null, 60),
          ]),
        ),
      ].join('\n'),
    );
  });

  const retry = sagas
    .command('retry')
    .description('resume the compensation of a compensation_failed saga (admin, main)')
    .argument('<id>', 'saga id');
  run(retry, async (ctx, id: string) => {
    const client = await ctx.client();
    return report(ctx.io, ctx.json, await client.retrySaga(id), (reply) => {
      const retriedAt = typeof reply['retriedAt'] === 'string' ? reply['retriedAt'] : null;
      return [
        `saga ${id} is ${String(reply['state'])} again (retried at ${localTime(retriedAt)})`,
        `follow it with: medicalink sagas get ${id}`,
      ].join('\n');
    });
  });

  const deadLetters = program
    .command('dead-letters')
    .description(`messages in a service's dead-letter queue (${SERVICES})`);

  const listLetters = deadLetters
    .command('list')
    .description('the dead letters of a service, oldest first, with their errors; none is removed')
    .argument('<service>', SERVICES);
  withPaging(listLetters);
  run(listLetters, async (ctx, service: string, options: PagingFlags) => {
    const client = await ctx.client();
    const result = await client.listDeadLetters(service, pageQuery(options));
    return report(ctx.io, ctx.json, result, (page) => {
      const letters = page.data as unknown as DeadLetter[];
      return [
        ...(letters.length > 0
          ? [
              table(
                ['id', 'pattern', 'error', 'attempts', 'failed at'],
                letters.map((letter) => [
                  truncate(letter.id, 40),
                  letter.pattern,
                  truncate(
                    [letter.errorCode, letter.errorMessage].filter(Boolean).join(': ') || null,
                    60,
                  ),
                  letter.attempts,
                  localTime(letter.failedAt),
                ]),
              ),
            ]
          : []),
        pageLine(page.meta, 'dead letter', ` in ${service}'s queue`),
      ].join('\n');
    });
  });

  const replay = deadLetters
    .command('replay')
    .description("send dead letters back to the service's queue with a fresh attempt count")
    .argument('<service>', SERVICES)
    .argument('[ids...]', 'the messages to replay (ids from `dead-letters list`)')
    .option('--all', 'replay every message in the queue');
  run(replay, async (ctx, service: string, ids: string[], options: { all?: boolean }) => {
    if (ids.length === 0 && !options.all) {
      throw new UsageError('name the messages to replay, or give --all to replay every one');
    }
    if (ids.length > 0 && options.all) throw new UsageError('give message ids or --all, not both');
    const client = await ctx.client();
    const result = await client.replayDeadLetters(service, ids.length > 0 ? ids : undefined);
    return report(ctx.io, ctx.json, result, ({ replayed }) => {
      const missing = ids.length > 0 && replayed < ids.length ? ids.length - replayed : 0;
      return `replayed ${plural(replayed, 'message')} to ${service}${
        missing > 0 ? ` (${missing} of the ids given were not in the queue)` : ''
      }`;
    });
  });
}
