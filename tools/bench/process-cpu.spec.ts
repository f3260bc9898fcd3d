import { describe, expect, it } from 'vitest';
import { describeCpuPerRequest } from './process-cpu';

describe('describeCpuPerRequest', () => {
  it('lists the parts largest first, leaving out what rounds to nothing but counting it', () => {
    const used = new Map([
      ['orchestrator', 60],
      ['api-gateway', 140],
      ['product', 1],
      ['postgres', -2],
    ]);

    expect(describeCpuPerRequest(used, 1_000)).toBe(
      'cpu ms/request: api-gateway 0.14, orchestrator 0.06 (total 0.20)',
    );
  });
});
