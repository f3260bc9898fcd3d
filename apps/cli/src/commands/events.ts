import type { Command } from 'commander';
import type { LiveControl, ReceivedLiveEvent } from '@medicalink/sdk';
import type { Run } from '../context';
import { localTime } from '../output';

/** One line: when, the type, what it is about, and the payload's short fields. */
export function renderEvent(event: ReceivedLiveEvent): string {
  const fields = Object.entries(event.data)
    .filter(([key, value]) => key !== 'occurredAt' && (typeof value !== 'object' || value === null))
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
  const when = localTime(event.occurredAt) ?? event.occurredAt;
  return `${when}  ${event.type}  ${event.subject.kind} ${event.subject.id}  ${fields}`.trimEnd();
}

export function registerEvents(program: Command, run: Run): void {
  const events = program
    .command('events')
    .description('what happens, live (GET /events): one line per event, --json for scripts')
    .option('--follow', 'keep printing events until interrupted (required)')
    .option('--types <prefixes>', 'comma list of type prefixes, e.g. saga.,schedule.import.')
    .option('--after <id>', 'first replay the events after this id');
  run(events, async (ctx, options: { follow?: boolean; types?: string; after?: string }) => {
    if (!options.follow) {
      ctx.io.err('error: events streams until interrupted: pass --follow\n');
      return 2;
    }
    const client = await ctx.client();
    let refused = false;
    const subscription = client.events.subscribe(
      {
        ...(options.types ? { types: options.types.split(',') } : {}),
        ...(options.after ? { lastEventId: options.after } : {}),
        onControl: (control: LiveControl) => {
          if (control.event === 'end') refused = true;
          if (ctx.json) ctx.io.out(`${JSON.stringify({ control })}\n`);
          else ctx.io.err(`-- ${control.event}: ${control.reason}\n`);
        },
      },
      (event) => ctx.io.out(`${ctx.json ? JSON.stringify(event) : renderEvent(event)}\n`),
    );
    const finish = () => subscription.close();
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    await subscription.closed;
    process.removeListener('SIGINT', finish);
    process.removeListener('SIGTERM', finish);
    return refused ? 1 : 0;
  });
}
