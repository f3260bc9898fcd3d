import { Option, type Command } from 'commander';
import type { LoginResponse, OperationResult } from '@medicalink/sdk';
import type { CommandContext, Run } from '../context';
import { localTime, report } from '../output';
import { readSecret, refusePasswordArgument } from '../secrets';
import { UsageError } from '../usage-error';

interface LoginFlags {
  email?: string;
  password?: string;
  passwordStdin?: boolean;
  remember?: boolean;
  printToken?: boolean;
}

const LOGIN_HELP = `
The password is asked on the terminal without echo; in scripts give it on standard input with
--password-stdin, or in MEDICALINK_PASSWORD. It is never an argument: arguments show in \`ps\`
and in the shell's history.

The session (an access token and the refresh token that renews it) is kept in the config folder
(MEDICALINK_CONFIG_DIR, default ~/.config/medicalink: folder 0700, file 0600). Later commands
renew it silently until it ends: with the gateway's default settings 12 hours after login, or
30 days with --remember, and earlier if unused for 2 hours (7 days with --remember).
\`medicalink logout\` ends it, and every other session of the account.`;

export function registerAuth(program: Command, run: Run): void {
  const login = program
    .command('login')
    .description('sign in; later commands renew the session by themselves')
    .option('--email <email>', 'account email (default: MEDICALINK_EMAIL)')
    .option('--password-stdin', 'read the password from standard input (a pipe or a file)')
    .option('--remember', 'stay signed in for 30 days instead of 12 hours')
    .option('--print-token', 'also print the access token, a secret (for scripts that need one)')
    .addOption(new Option('--password <password>').hideHelp())
    .addHelpText('after', LOGIN_HELP);
  run(login, async (ctx, flags: LoginFlags) => {
    refusePasswordArgument(flags.password);
    const email = flags.email ?? ctx.env.MEDICALINK_EMAIL;
    if (!email) throw new UsageError('give --email (or set MEDICALINK_EMAIL)');
    const password = await readSecret({
      fromStdin: flags.passwordStdin === true,
      fromEnv: ctx.env.MEDICALINK_PASSWORD,
      question: `Password for ${email}: `,
      input: ctx.io.stdin ?? process.stdin,
      write: ctx.io.err,
    });
    const remember = flags.remember === true;
    const client = ctx.newClient({
      refresh: 'token',
      remember,
      tokenStore: ctx.store.tokenStore(ctx.url, email, remember),
    });
    const result = await client.login({ email, password });
    return printLogin(ctx, result, { email, printToken: flags.printToken === true });
  });

  const logout = program
    .command('logout')
    .description('sign out everywhere: the gateway revokes every session of the account');
  run(logout, async (ctx) => {
    const stored = await ctx.storedSessionClient();
    if (!stored) {
      const nothing = { success: true as const, data: { email: null }, duration: 0 };
      return report(ctx.io, ctx.json, nothing, () => `Not logged in to ${ctx.url}`);
    }
    const result = await stored.client.logout();
    if (!result.success) {
      const kept: OperationResult<void> = {
        ...result,
        error: `${result.error} (the session is kept in ${ctx.store.file}: run logout again)`,
      };
      return report(ctx.io, ctx.json, kept, () => '');
    }
    return report(
      ctx.io,
      ctx.json,
      { ...result, data: { email: stored.session.email } },
      () => `Logged out: every session of ${stored.session.email} is revoked`,
    );
  });
}

/** The login's outcome without its tokens, unless --print-token asked for the access token. */
function printLogin(
  ctx: CommandContext,
  result: OperationResult<LoginResponse>,
  options: { email: string; printToken: boolean },
): number {
  if (!result.success) return report(ctx.io, ctx.json, result, () => '', { signInHint: false });
  const { accessToken, expiresIn, refreshTokenExpiresAt } = result.data;
  const summary = {
    url: ctx.url,
    email: options.email,
    accessTokenExpiresIn: expiresIn,
    sessionExpiresAt: refreshTokenExpiresAt ?? null,
    ...(options.printToken && { accessToken }),
  };
  const message = `Logged in to ${ctx.url} as ${options.email}${
    refreshTokenExpiresAt ? ` until ${localTime(refreshTokenExpiresAt)} (renewed silently)` : ''
  }`;
  if (ctx.json) return report(ctx.io, true, { ...result, data: summary }, () => '');
  if (!options.printToken)
    return report(ctx.io, false, { ...result, data: summary }, () => message);
  // The token alone on stdout (TOKEN=$(medicalink login --print-token)); the message aside.
  ctx.io.err(`${message}\n`);
  ctx.io.out(`${accessToken}\n`);
  return 0;
}
