import { z } from 'zod';
import { defineEvent, defineRpc } from '@medicalink/contracts';

/**
 * What the crashing consumer (crashing-consumer.main.ts, run as `product`) handles: the killers
 * end its process, as an out-of-memory crash would; the healthy event does not.
 */
export const killerEvent = defineEvent('test.killer.sent', z.object({ id: z.string() }).strict());
export const healthyEvent = defineEvent('test.healthy.sent', z.object({ id: z.string() }).strict());
export const killerRpc = defineRpc('product.killer.run', {
  request: z.object({ id: z.string() }).strict(),
  response: z.object({ ok: z.boolean() }),
});

/** Where `npm run build` puts the crashing consumer, for spawnCompiled / superviseCompiled. */
export const CRASHING_CONSUMER_SCRIPT = 'libs/testing/src/poison/crashing-consumer.main.js';
