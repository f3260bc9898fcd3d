import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { AudienceTarget, EducationRegistrationInput, ProductInput } from '@medicalink/sdk';
import { record, report, table } from '../output';
import { showProgress } from '../progress';
import type { Run } from '../context';
import { UsageError } from '../usage-error';
import { readJsonFile } from './doctors';

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
};

export function registerWorkflows(program: Command, run: Run): void {
  const products = program.command('products').description('products (session workflow)');
  const create = products
    .command('create')
    .description('create a product with its audience target: session, product, target, commit')
    .requiredOption('--file <product.json>', 'the product data as JSON')
    .option(
      '--target <target.json>',
      'the audience target as JSON (an object, or an array of them)',
    );
  run(create, async (ctx, options: { file: string; target?: string }) => {
    const product = (await readJsonFile(options.file)) as ProductInput;
    const target = options.target
      ? ((await readJsonFile(options.target)) as AudienceTarget | AudienceTarget[])
      : undefined;
    const client = await ctx.client();
    const stop = ctx.json ? () => undefined : showProgress(client, ctx.io, 'product');
    const result = await client.createProductWithTarget(product, target);
    stop();
    return report(ctx.io, ctx.json, result, (data) =>
      record({ sessionId: data.sessionId, ...data.commit }),
    );
  });

  const education = program.command('education').description('education registrations');
  const register = education
    .command('register')
    .description('stage, validate, categorize, link, create and complete an education registration')
    .requiredOption(
      '--file <registration.json>',
      '{ userBusinessId, accountId, educationData, options? } as JSON',
    );
  run(register, async (ctx, options: { file: string }) => {
    const input = (await readJsonFile(options.file)) as EducationRegistrationInput;
    const client = await ctx.client();
    const stop = ctx.json ? () => undefined : showProgress(client, ctx.io, 'education');
    const result = await client.registerEducation(input);
    stop();
    return report(ctx.io, ctx.json, result, (data) =>
      record({ ...data.registration, sessionId: data.sessionId }),
    );
  });

  const schedules = program.command('schedules').description('schedule imports');
  const importCommand = schedules
    .command('import')
    .description(
      'upload a schedule spreadsheet (.csv, .xlsx, .ods) and follow the import until it ends',
    )
    .argument('<file>', 'the spreadsheet')
    .requiredOption('--hospital <id>', 'hospital id')
    .option('--roster-source-url <url>')
    .option('--poll <ms>', 'how often to poll the import status', '500');
  run(
    importCommand,
    async (
      ctx,
      path: string,
      options: { hospital: string; rosterSourceUrl?: string; poll: string },
    ) => {
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (error) {
        throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
      }
      const extension = path.slice(path.lastIndexOf('.')).toLowerCase();
      const file = new Blob([new Uint8Array(bytes)], {
        type: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      });
      const pollInterval = Number(options.poll);
      if (!Number.isFinite(pollInterval) || pollInterval < 10) {
        throw new UsageError('--poll must be a number of ms >= 10');
      }
      const client = await ctx.client({ pollInterval });
      const stop = ctx.json ? () => undefined : showProgress(client, ctx.io, 'import');
      const result = await client.importSchedule(
        {
          file,
          fileName: basename(path),
          hospitalId: options.hospital,
          ...(options.rosterSourceUrl && { rosterSourceUrl: options.rosterSourceUrl }),
        },
        { timeout: 10 * 60_000 },
      );
      stop();
      return report(ctx.io, ctx.json, result, (data) => {
        const { result: outcome } = data.import;
        const lines = [
          `import ${data.importId}: ${data.status}`,
          record({
            scheduleVersionId: outcome.scheduleVersionId,
            shifts: outcome.shiftCount,
            assignments: outcome.assignmentCount,
            coverageGaps: outcome.coverageGapCount,
            durationMs: data.import.durationMs,
          }),
        ];
        if (data.warnings.length > 0) {
          const located = data.warnings.map((w) => [w.message, w.sheet, w.row, w.column]);
          lines.push(table(['warning', 'sheet', 'row', 'column'], located));
        }
        return lines.join('\n');
      });
    },
  );
}
