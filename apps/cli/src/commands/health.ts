import type { Command } from 'commander';
import type { HealthReport } from '@medicalink/sdk';
import { table } from '../output';
import type { Run } from '../context';

export function renderHealth(report: HealthReport): string {
  const rows = Object.entries(report.services).map(([name, service]) => [
    name,
    service.status,
    service.latencyMs === undefined ? '-' : `${Math.round(service.latencyMs)} ms`,
    service.error ?? '',
  ]);
  if (report.infrastructure) {
    for (const [name, dependency] of Object.entries(report.infrastructure)) {
      rows.push([
        name,
        dependency.status,
        dependency.latencyMs === undefined ? '-' : `${Math.round(dependency.latencyMs)} ms`,
        dependency.error ?? '',
      ]);
    }
  }
  const head = `overall: ${report.overall}${report.error ? ` (${report.error})` : ''}`;
  return rows.length > 0
    ? `${head}\n${table(['service', 'status', 'latency', 'error'], rows)}`
    : head;
}

export function registerHealth(program: Command, run: Run): void {
  const health = program
    .command('health')
    .description("the system's health (GET /health); exit 1 when unhealthy")
    .option('--watch', 'keep checking and print every change until interrupted')
    .option('--interval <ms>', 'how often --watch checks', '2000');
  run(health, async (ctx, options: { watch?: boolean; interval: string }) => {
    const client = await ctx.client();
    const first = await client.performHealthCheck();
    if (ctx.json) ctx.io.out(`${JSON.stringify(first)}\n`);
    else ctx.io.out(`${renderHealth(first)}\n`);
    if (!options.watch) return first.overall === 'unhealthy' ? 1 : 0;

    const interval = Number(options.interval);
    if (!Number.isFinite(interval) || interval < 100) {
      ctx.io.err('error: --interval must be a number of ms >= 100\n');
      return 2;
    }
    client.addEventListener((event) => {
      if (event.type !== 'service_health_change') return;
      if (ctx.json) ctx.io.out(`${JSON.stringify(event)}\n`);
      else
        ctx.io.out(
          `${new Date(event.timestamp).toISOString()}  ${event.service}: ${event.previous} -> ${event.current}\n`,
        );
    });
    client.startHealthMonitor(interval);
    // The monitor does not hold the process open; this does, until SIGINT or SIGTERM.
    await new Promise<void>((stop) => {
      const keepAlive = setInterval(() => undefined, 1 << 30);
      const finish = () => {
        clearInterval(keepAlive);
        stop();
      };
      process.once('SIGINT', finish);
      process.once('SIGTERM', finish);
    });
    return 0;
  });
}
