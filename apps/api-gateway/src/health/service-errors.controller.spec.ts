import { describe, expect, it, vi } from 'vitest';
import { HEALTH_CHECKED_SERVICES, ServiceErrorsParams } from '@medicalink/contracts';
import type { RpcClient } from '@medicalink/messaging';
import { ServiceErrorsController } from './service-errors.controller';

const health = { service: 'provider-directory', status: 'ok', uptimeSec: 5, checks: {} };

describe('ServiceErrorsController', () => {
  it("reads a service's recent errors through its health pattern, by the name the path uses", async () => {
    const recentErrors = {
      total: 7,
      errors: [{ at: '2026-12-07T05:00:00.000Z', message: 'boom', code: 'INJECTED_FAULT' }],
    };
    const call = vi.fn().mockResolvedValue({ ...health, recentErrors });
    const controller = new ServiceErrorsController({ call } as unknown as RpcClient);

    const reply = await controller.errors(ServiceErrorsParams.parse({ service: 'directory' }));

    expect(call).toHaveBeenCalledWith(
      HEALTH_CHECKED_SERVICES['provider-directory'],
      {},
      {
        retries: 0,
      },
    );
    expect(reply).toEqual({ service: 'directory', ...recentErrors });
  });

  it('answers none for a service that reports no errors, and refuses an unknown one', async () => {
    const call = vi.fn().mockResolvedValue(health);
    const controller = new ServiceErrorsController({ call } as unknown as RpcClient);
    expect(await controller.errors({ service: 'product' })).toEqual({
      service: 'product',
      total: 0,
      errors: [],
    });
    expect(ServiceErrorsParams.safeParse({ service: 'gateway' }).success).toBe(false);
  });
});
