import type Redis from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import type { RpcClient } from '@medicalink/messaging';
import type { Logger } from '@medicalink/observability';
import type { OrchestratorEnv } from '../config';
import { TakenProductCodes } from './taken-product-codes';

/** A copy whose Redis answers SMISMEMBER with [complete, taken], and a product service with one page. */
function copyWith(smismember: () => Promise<number[]>, codes: string[] = []) {
  const exec = vi.fn(async () => []);
  const multi = { sadd: () => multi, pexpire: () => multi, exec };
  const redis = { smismember: vi.fn(smismember), sadd: vi.fn(async () => 1), multi: () => multi };
  const rpc = { call: vi.fn(async () => ({ codes, next: null })) };
  const logger = { warn: vi.fn(), info: vi.fn() };
  const copy = new TakenProductCodes(
    redis as unknown as Redis,
    rpc as unknown as RpcClient,
    { SESSION_STORE_TIMEOUT_MS: 50 } as OrchestratorEnv,
    logger as unknown as Logger,
  );
  return { copy, redis, rpc, exec, logger };
}

describe('TakenProductCodes.status', () => {
  it('answers from a complete copy without syncing', async () => {
    const { copy, rpc } = copyWith(async () => [1, 0]);
    expect(await copy.status('osot-1')).toBe('free');
    expect(await copy.status('OSOT-2')).toBe('free');
    expect(rpc.call).not.toHaveBeenCalled();
  });

  it('looks codes up upper case', async () => {
    const { copy, redis } = copyWith(async () => [1, 1]);
    expect(await copy.status('osot-ws')).toBe('taken');
    expect(redis.smismember).toHaveBeenCalledWith('products:taken-codes', '#complete', 'OSOT-WS');
  });

  it('says unknown while incomplete, and fills the copy once for concurrent checks', async () => {
    const { copy, redis, rpc, exec } = copyWith(async () => [0, 0], ['A-1', 'B-2']);
    expect(await Promise.all([copy.status('X-1'), copy.status('X-2')])).toEqual([
      'unknown',
      'unknown',
    ]);
    await copy.settled();
    expect(rpc.call).toHaveBeenCalledTimes(1);
    expect(redis.sadd).toHaveBeenCalledWith('products:taken-codes', 'A-1', 'B-2');
    expect(exec).toHaveBeenCalledTimes(1);
  });

  it('trusts a taken code in an incomplete copy, and still fills it', async () => {
    const { copy, rpc } = copyWith(async () => [0, 1]);
    expect(await copy.status('A-1')).toBe('taken');
    await copy.settled();
    expect(rpc.call).toHaveBeenCalledTimes(1);
  });

  it('says unknown when Redis fails or does not answer in time, without syncing', async () => {
    const failing = copyWith(() => Promise.reject(new Error('Connection is closed.')));
    expect(await failing.copy.status('A-1')).toBe('unknown');
    const hung = copyWith(() => new Promise<never>(() => undefined));
    expect(await hung.copy.status('A-1')).toBe('unknown');
    expect(failing.rpc.call).not.toHaveBeenCalled();
    expect(hung.rpc.call).not.toHaveBeenCalled();
  });

  it('starts no sync once the module is being destroyed', async () => {
    const { copy, rpc } = copyWith(async () => [0, 0]);
    await copy.onModuleDestroy();
    expect(await copy.status('A-1')).toBe('unknown');
    expect(rpc.call).not.toHaveBeenCalled();
  });
});
