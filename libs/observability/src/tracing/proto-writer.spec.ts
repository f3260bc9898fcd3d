import { describe, expect, it } from 'vitest';
import { ProtoWriter } from './proto-writer';

function written(write: (out: ProtoWriter) => void): string {
  const out = new ProtoWriter(4); // small, so that every test also grows the buffer
  write(out);
  return out.view().toString('hex');
}

describe('ProtoWriter', () => {
  it('writes varints of every size, and a negative int64 as its two’s complement', () => {
    expect(written((out) => out.varint(127))).toBe('7f');
    expect(written((out) => out.varint(128))).toBe('8001');
    expect(written((out) => out.varint(2 ** 32))).toBe('8080808010');
    expect(written((out) => out.varint(Number.MAX_SAFE_INTEGER))).toBe('ffffffffffffff0f');
    expect(written((out) => out.int64(-1))).toBe('ffffffffffffffffff01');
  });

  it('writes strings as UTF-8, short ASCII or not, and long ones with a longer length', () => {
    expect(written((out) => out.stringField(1, 'ab'))).toBe('0a026162');
    expect(written((out) => out.stringField(1, 'é'))).toBe('0a02c3a9');
    const long = 'x'.repeat(200) + 'é';
    const bytes = Buffer.from(
      written((out) => out.stringField(1, long)),
      'hex',
    );
    expect(bytes.subarray(0, 3).toString('hex')).toBe('0aca01'); // tag, 202 as a varint
    expect(bytes.subarray(3).toString('utf8')).toBe(long);
  });

  it('writes ids from their hex spelling, either case', () => {
    expect(written((out) => out.hexField(2, '00ff7a'))).toBe('120300ff7a');
    expect(written((out) => out.hexField(2, '00FF7A'))).toBe('120300ff7a');
  });

  it('closes nested fields whose content outgrows the one byte reserved for its length', () => {
    const hex = written((out) => {
      const outer = out.begin(1);
      const inner = out.begin(2);
      out.raw(Buffer.alloc(130, 1));
      out.end(inner);
      out.end(outer);
    });
    expect(hex.slice(0, 10)).toBe('0a85011282'); // 133 = tag + 2 length bytes + 130; then 130
    expect(hex.slice(10, 12)).toBe('01');
    expect(hex.length / 2).toBe(136);
  });
});
