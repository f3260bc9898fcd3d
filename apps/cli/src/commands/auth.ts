import type { Command } from 'commander';
import { report } from '../output';
import type { CommandContext } from '../context';

type Run = (
  command: Command,
  action: (ctx: CommandContext, ...args: never[]) => Promise<number>,
) => void;

export function registerAuth(program: Command, run: Run): void {
  const login = program
    .command('login')
    .description('log in and keep the token for the following commands')
    .option('--email <email>', 'account email (default: MEDICALINK_EMAIL)')
    .option('--password <password>', 'password (default: MEDICALINK_PASSWORD)');
  run(login, async (ctx, options: { email?: string; password?: string }) => {
    const email = options.email ?? ctx.env.MEDICALINK_EMAIL;
    const password = options.password ?? ctx.env.MEDICALINK_PASSWORD;
    if (!email || !password) {
      ctx.io.err(
        'error: give --email and --password (or MEDICALINK_EMAIL and MEDICALINK_PASSWORD)\n',
      );
      return 2;
    }
    const client = await ctx.client();
    const result = await client.login({ email, password });
    if (result.success) {
      await ctx.store.write({
        url: ctx.url,
        email,
        token: result.data.accessToken,
        expiresAt: Date.now() + result.data.expiresIn * 1_000,
      });
    }
    return report(
      ctx.io,
      ctx.json,
      result,
      (data) => `Logged in to ${ctx.url} as ${email} (token valid for ${data.expiresIn} s)`,
    );
  });

  const logout = program.command('logout').description('forget the stored token');
  run(logout, async (ctx) => {
    await ctx.store.clear();
    if (!ctx.json) ctx.io.out('Logged out\n');
    else ctx.io.out(`${JSON.stringify({ success: true })}\n`);
    return 0;
  });
}
