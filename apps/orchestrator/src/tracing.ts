// main.ts imports this first: pg, ioredis and fastify are instrumented only if they load after.
import { startTracing } from '@medicalink/observability';

startTracing('orchestrator');
