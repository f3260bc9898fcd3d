/** Protocol Buffers wire types. */
export const WireType = { Varint: 0, Fixed64: 1, Bytes: 2, Fixed32: 5 } as const;

const TWO_32 = 0x1_0000_0000;
const SHORT_STRING = 64;

/** The value of each character code that is a hex digit, -1 for the others. */
const HEX_VALUE = Int8Array.from({ length: 128 }, (_, code) => {
  const digit = String.fromCharCode(code);
  return /[0-9a-fA-F]/.test(digit) ? parseInt(digit, 16) : -1;
});

/**
 * Protocol Buffers fields appended to a growable byte buffer. A length-delimited field is
 * opened with begin() and closed with end(): its length is written in the one byte reserved for
 * it, the content moved along when it needs more (messages of 128 bytes and over).
 */
export class ProtoWriter {
  private bytes: Buffer;
  private position = 0;

  constructor(initialBytes = 4096) {
    this.bytes = Buffer.allocUnsafe(initialBytes);
  }

  get length(): number {
    return this.position;
  }

  /** The bytes written so far (a view, valid until the next write or reset). */
  view(): Buffer {
    return this.bytes.subarray(0, this.position);
  }

  reset(): void {
    this.position = 0;
  }

  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  /** A non-negative integer up to 2^53. */
  varint(value: number): void {
    this.reserve(10);
    let rest = value;
    while (rest >= TWO_32) {
      this.bytes[this.position++] = (rest % 128) | 0x80;
      rest = Math.floor(rest / 128);
    }
    let low = rest >>> 0;
    while (low > 0x7f) {
      this.bytes[this.position++] = (low & 0x7f) | 0x80;
      low >>>= 7;
    }
    this.bytes[this.position++] = low;
  }

  /** An int64 field's varint: a negative value as its 64-bit two's complement. */
  int64(value: number): void {
    if (value >= 0 && value <= Number.MAX_SAFE_INTEGER) return this.varint(value);
    let rest = BigInt.asUintN(64, BigInt(Math.trunc(value)));
    this.reserve(10);
    while (rest > 0x7fn) {
      this.bytes[this.position++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.bytes[this.position++] = Number(rest);
  }

  uintField(field: number, value: number): void {
    this.tag(field, WireType.Varint);
    this.varint(value);
  }

  fixed32Field(field: number, value: number): void {
    this.tag(field, WireType.Fixed32);
    this.reserve(4);
    this.position = this.bytes.writeUInt32LE(value >>> 0, this.position);
  }

  /** A fixed64 of two 32-bit halves. */
  fixed64Field(field: number, low: number, high: number): void {
    this.tag(field, WireType.Fixed64);
    this.reserve(8);
    this.position = this.bytes.writeUInt32LE(low >>> 0, this.position);
    this.position = this.bytes.writeUInt32LE(high >>> 0, this.position);
  }

  doubleField(field: number, value: number): void {
    this.tag(field, WireType.Fixed64);
    this.reserve(8);
    this.position = this.bytes.writeDoubleLE(value, this.position);
  }

  stringField(field: number, value: string): void {
    const mark = this.begin(field);
    this.reserve(value.length * 3);
    // Short ASCII strings (names, keys, ids) byte by byte: a call into Buffer.write costs more.
    const start = this.position;
    let ascii = value.length <= SHORT_STRING;
    for (let index = 0; ascii && index < value.length; index += 1) {
      const code = value.charCodeAt(index);
      if (code < 0x80) this.bytes[this.position++] = code;
      else ascii = false;
    }
    if (!ascii) this.position = start + this.bytes.write(value, start, 'utf8');
    this.end(mark);
  }

  /** A bytes field from its hex spelling (trace and span ids, lowercase as W3C writes them). */
  hexField(field: number, hex: string): void {
    const mark = this.begin(field);
    this.reserve(hex.length >> 1);
    const start = this.position;
    for (let index = 0; index + 1 < hex.length; index += 2) {
      const high = HEX_VALUE[hex.charCodeAt(index)] ?? -1;
      const low = HEX_VALUE[hex.charCodeAt(index + 1)] ?? -1;
      if (high < 0 || low < 0) {
        // anything else is left to Buffer's own reading of hex, as before
        this.position = start + this.bytes.write(hex, start, 'hex');
        break;
      }
      this.bytes[this.position++] = high * 16 + low;
    }
    this.end(mark);
  }

  /** Bytes written elsewhere (whole fields), as they are. */
  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.position);
    this.position += bytes.length;
  }

  /** Opens a length-delimited field; returns the mark end() closes it with. */
  begin(field: number): number {
    this.tag(field, WireType.Bytes);
    this.reserve(1);
    return this.position++;
  }

  end(mark: number): void {
    const length = this.position - mark - 1;
    if (length < 0x80) {
      this.bytes[mark] = length;
      return;
    }
    const extra = varintSize(length) - 1;
    this.reserve(extra);
    this.bytes.copyWithin(mark + 1 + extra, mark + 1, this.position);
    this.position += extra;
    const after = this.position;
    this.position = mark;
    this.varint(length);
    this.position = after;
  }

  private reserve(bytes: number): void {
    if (this.position + bytes <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.position + bytes, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.position);
    this.bytes = grown;
  }
}

export function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 128)) size += 1;
  return size;
}
