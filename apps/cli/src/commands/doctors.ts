import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { CreateDoctorInput, Doctor } from '@medicalink/sdk';
import type { Run } from '../context';
import { record, report, table } from '../output';
import { showProgress } from '../progress';
import { readSecret, refusePasswordArgument } from '../secrets';
import { UsageError } from '../usage-error';
import { pageQuery, withPaging, type PagingFlags } from './paging';

const doctorRow = (doctor: Doctor) => [
  doctor.id,
  doctor.fullName,
  doctor.specialty,
  doctor.licenseNumber,
  doctor.email,
  doctor.isActive,
];
const DOCTOR_COLUMNS = ['id', 'name', 'specialty', 'license', 'email', 'active'];

interface CreateFlags {
  file?: string;
  email?: string;
  password?: string;
  passwordStdin?: boolean;
  fullName?: string;
  specialty?: string;
  license?: string;
  phone?: string;
  dob?: string;
  bio?: string;
  hospital?: string[];
}

export async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    throw new UsageError(`cannot read JSON from ${path}: ${(error as Error).message}`);
  }
}

export function registerDoctors(program: Command, run: Run): void {
  const doctors = program.command('doctors').description('create, read and search doctors');

  const create = doctors
    .command('create')
    .description(
      'create a doctor (account, profile, permissions: one saga) and wait until it reads back',
    )
    .option('--file <doctor.json>', 'the POST /doctors body as JSON (flags override its fields)')
    .option('--email <email>')
    .option('--password-stdin', "read the new account's password from standard input")
    .addOption(new Option('--password <password>').hideHelp())
    .option('--full-name <name>')
    .option('--specialty <specialty>')
    .option('--license <number>', 'license number')
    .option('--phone <phone>')
    .option('--dob <YYYY-MM-DD>')
    .option('--bio <text>')
    .option('--hospital <id...>', 'hospital ids')
    .addHelpText(
      'after',
      `
The new account's password comes from --file, from standard input with --password-stdin, or is
asked on the terminal without echo; never from an argument (arguments show in \`ps\`).`,
    );
  run(create, async (ctx, flags: CreateFlags) => {
    refusePasswordArgument(flags.password);
    const fromFile = flags.file
      ? ((await readJsonFile(flags.file)) as Partial<CreateDoctorInput>)
      : {};
    const input = ctx.io.stdin ?? process.stdin;
    const password =
      flags.passwordStdin || (fromFile.password === undefined && input.isTTY)
        ? await readSecret({
            fromStdin: flags.passwordStdin === true,
            fromEnv: undefined,
            question: "The new account's password: ",
            input,
            write: ctx.io.err,
          })
        : undefined;
    const fromFlags: Partial<CreateDoctorInput> = {
      ...(flags.email && { email: flags.email }),
      ...(password && { password }),
      ...(flags.fullName && { fullName: flags.fullName }),
      ...(flags.specialty && { specialty: flags.specialty }),
      ...(flags.license && { licenseNumber: flags.license }),
      ...(flags.phone && { phone: flags.phone }),
      ...(flags.dob && { dob: flags.dob }),
      ...(flags.bio && { bio: flags.bio }),
      ...(flags.hospital && { hospitalIds: flags.hospital }),
    };
    const body = { ...fromFile, ...fromFlags } as CreateDoctorInput;
    const client = await ctx.client();
    const stop = ctx.json ? () => undefined : showProgress(client, ctx.io, 'doctor');
    const result = await client.onboardDoctor(body);
    stop();
    return report(ctx.io, ctx.json, result, (data) =>
      [`saga ${data.sagaId} completed`, record({ ...data.doctor })].join('\n'),
    );
  });

  const get = doctors
    .command('get')
    .description('one doctor (the composite read)')
    .argument('<id>', 'doctor id');
  run(get, async (ctx, id: string) => {
    const client = await ctx.client();
    return report(ctx.io, ctx.json, await client.getDoctor(id), (doctor) => record({ ...doctor }));
  });

  const list = doctors
    .command('list')
    .description('search doctors (paginated)')
    .option('--search <text>', 'name, specialty or license number')
    .option('--specialty <specialty>');
  withPaging(list);
  run(list, async (ctx, options: PagingFlags & { search?: string; specialty?: string }) => {
    const client = await ctx.client();
    const result = await client.searchDoctors({
      ...(options.search && { search: options.search }),
      ...(options.specialty && { specialty: options.specialty }),
      ...pageQuery(options),
    });
    return report(ctx.io, ctx.json, result, (page) =>
      [
        table(DOCTOR_COLUMNS, page.data.map(doctorRow)),
        `page ${page.meta.page} of ${page.meta.totalPages} (${page.meta.total} doctors)`,
      ].join('\n'),
    );
  });
}
