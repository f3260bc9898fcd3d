import { Command, CommanderError } from 'commander';
import type { MedicaLinkClient } from '@medicalink/sdk';
import { registerAuth } from './commands/auth';
import { registerDoctors } from './commands/doctors';
import { registerEvents } from './commands/events';
import { registerHealth } from './commands/health';
import { registerOperations } from './commands/operations';
import { registerWorkflows } from './commands/workflows';
import { commandContext, type GlobalOptions, type Run } from './context';
import { processIo, type Io } from './output';
import { UsageError } from './usage-error';

/**
 * The `medicalink` command line. Resolves to the exit status: 0 on success, 1 when the
 * operation failed (the gateway refused, or could not be reached), 2 for a usage mistake.
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const clients: MedicaLinkClient[] = [];
  let status = 0;
  const program = new Command()
    .name('medicalink')
    .description('MedicaLink from the command line, through the gateway (@medicalink/sdk)')
    .option('--url <url>', 'the gateway (default: MEDICALINK_URL or http://localhost:3000)')
    .option('--json', 'print the whole OperationResult as JSON instead of tables')
    .option('--timeout <ms>', 'per-operation timeout')
    .addHelpText(
      'after',
      `
Sign in once with \`medicalink login\` (the password is asked without echo); later commands renew
the session silently until \`medicalink logout\`.
Environment: MEDICALINK_URL (the gateway), MEDICALINK_EMAIL + MEDICALINK_PASSWORD (log in on
every run instead), MEDICALINK_TOKEN (a token as is), MEDICALINK_CONFIG_DIR (where \`login\`
keeps the session, default ~/.config/medicalink). Exit status: 0 done, 1 the operation failed,
2 a usage mistake. Progress goes to stderr.`,
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  const run: Run = (command, action) => {
    command.exitOverride();
    command.action(async (...args: unknown[]) => {
      const self = args.at(-1) as Command;
      const ctx = commandContext(self.optsWithGlobals<GlobalOptions>(), io, clients);
      // commander passes (arguments..., options, command): hand the action all but the command.
      status = await action(ctx, ...(args.slice(0, -1) as never[]));
    });
  };
  registerAuth(program, run);
  registerHealth(program, run);
  registerDoctors(program, run);
  registerOperations(program, run);
  registerWorkflows(program, run);
  registerEvents(program, run);

  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; a usage mistake with 1: make it 2.
      status = error.exitCode === 0 ? 0 : 2;
    } else if (error instanceof UsageError) {
      io.err(`error: ${error.message}\n`);
      status = 2;
    } else {
      io.err(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      status = 1;
    }
  } finally {
    for (const client of clients) client.dispose();
  }
  return status;
}
