import { describe, expect, it } from 'vitest';
import { clip, DEAD_LETTER_LIMITS, previewBody } from './dead-letter-preview';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('previewBody', () => {
  it('keeps a small body whole, secrets masked at any depth', () => {
    const content = json({ a: 1, nested: [{ apiToken: 't', ok: true }] });
    const preview = previewBody(content, 10_000);
    expect(preview).toEqual({
      body: { a: 1, nested: [{ apiToken: '***', ok: true }] },
      bodyBytes: content.length,
      bodyTruncated: false,
      cost: jsonBytes({ a: 1, nested: [{ apiToken: '***', ok: true }] }),
    });
  });

  it('cuts long strings and arrays of a large body, keeping its shape', () => {
    const preview = previewBody(
      json({ id: 'x-1', file: 'A'.repeat(50_000), rows: Array.from({ length: 500 }, (_, n) => n) }),
      1_000_000,
    );
    expect(preview.bodyTruncated).toBe(true);
    expect(preview.body).toEqual({
      id: 'x-1',
      file: `${'A'.repeat(DEAD_LETTER_LIMITS.previewStringChars)}…(49800 more characters)`,
      rows: [...Array.from({ length: 20 }, (_, n) => n), '…(480 more items)'],
    });
    expect(preview.cost).toBeLessThanOrEqual(DEAD_LETTER_LIMITS.bodyBytes);
  });

  it('falls back to the start of the JSON when even the shortened shape is too large, within the budget', () => {
    const wide = Object.fromEntries(Array.from({ length: 2_000 }, (_, k) => [`k${k}`, '"q"']));
    const preview = previewBody(json(wide), 3_000);
    expect(typeof preview.body).toBe('string');
    expect(preview.body).toMatch(/^\{"k0":"\\"q\\"",.*…\(\d+ more bytes\)$/);
    expect(preview.cost).toBe(jsonBytes(preview.body));
    expect(preview.cost).toBeLessThanOrEqual(3_000);
  });

  it('shows a body that is not JSON as text, and none once the budget is spent', () => {
    expect(previewBody(Buffer.from('not json'), 100)).toMatchObject({
      body: 'not json',
      bodyTruncated: false,
    });
    expect(previewBody(Buffer.from('not json'), 0)).toEqual({
      body: null,
      bodyBytes: 8,
      bodyTruncated: true,
      cost: 0,
    });
  });
});

describe('clip', () => {
  it('cuts a long header value and says by how much', () => {
    expect(clip('x'.repeat(DEAD_LETTER_LIMITS.headerChars + 5))).toMatch(
      /^x{2000}…\(5 more characters\)$/,
    );
    expect(clip('short')).toBe('short');
  });
});
