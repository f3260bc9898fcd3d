import { describe, expect, it } from 'vitest';
import { childTraceparent, currentContext, runInContext } from './message-context';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

describe('childTraceparent', () => {
  it('keeps the trace id and flags of a valid parent with a new span id', () => {
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';

    const child = childTraceparent(parent);

    const [, traceId, spanId, flags] = TRACEPARENT.exec(child) ?? [];
    expect(traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(spanId).not.toBe('00f067aa0ba902b7');
    expect(flags).toBe('00');
  });

  it.each([undefined, '', 'garbage', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01'])(
    'starts a new sampled trace for the parent %j',
    (parent) => {
      const child = childTraceparent(parent);

      expect(child).toMatch(TRACEPARENT);
      expect(child.endsWith('-01')).toBe(true);
      expect(child).not.toContain('4bf92f3577b34da6a3ce929d0e0e4736');
    },
  );

  it('makes a different trace each time there is no parent', () => {
    expect(childTraceparent().slice(3, 35)).not.toBe(childTraceparent().slice(3, 35));
  });
});

describe('runInContext', () => {
  it('exposes the context inside the work only, across awaits', async () => {
    const seen = await runInContext({ correlationId: 'c-1' }, async () => {
      await Promise.resolve();
      return currentContext()?.correlationId;
    });

    expect(seen).toBe('c-1');
    expect(currentContext()).toBeUndefined();
  });
});
