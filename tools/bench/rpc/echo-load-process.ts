import 'reflect-metadata';
import { startTracing } from '@medicalink/observability';
import {
  errorMessage,
  reportSpans,
  sendToParent,
  specFromArgv,
  type ClientSpec,
  type TransportKind,
} from './echo-spec';
import type { ConnectEchoClient } from './clients/echo-client';
import { runLoad } from '../load';

/** Loaded lazily, so each client process holds only its own transport's code. */
const CLIENTS: Record<TransportKind, () => Promise<{ connectEchoClient: ConnectEchoClient }>> = {
  'raw-amqplib': () => import('./clients/raw-amqplib'),
  medicalink: () => import('./clients/medicalink'),
  'medicalink-traced': () => import('./clients/medicalink'),
  'nest-default': () => import('./clients/nest-rmq'),
  golevelup: () => import('./clients/golevelup'),
  moleculer: () => import('./clients/moleculer'),
};

/** Forked by rpc-bench.js: one client process per transport and round runs every concurrency row. */
async function main(): Promise<void> {
  const spec = specFromArgv<ClientSpec>();
  // Only the traced transport's processes are given OTEL_EXPORTER_OTLP_ENDPOINT.
  startTracing('bench-rpc-client');
  const { connectEchoClient } = await CLIENTS[spec.transport]();
  const client = await connectEchoClient(spec);
  try {
    for (const concurrency of spec.concurrencies) {
      let calls = 0;
      const cpuBefore = process.cpuUsage();
      const row = await runLoad({
        concurrency,
        warmupMs: spec.warmupMs,
        durationMs: spec.durationMs,
        call: (n) => {
          calls += 1;
          return client.call(n);
        },
      });
      const cpu = process.cpuUsage(cpuBefore);
      await sendToParent({ type: 'row', row, calls, cpuMs: (cpu.user + cpu.system) / 1000 });
    }
  } finally {
    await client.close().catch(() => undefined);
  }
  await reportSpans();
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    await sendToParent({ type: 'failed', message: errorMessage(error) });
    process.exit(1);
  },
);
