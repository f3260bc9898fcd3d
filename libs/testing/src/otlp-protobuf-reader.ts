/**
 * Reads an OTLP/HTTP protobuf export request (ExportTraceServiceRequest) into the shape its
 * JSON encoding has, for the test collector: only the fields a test looks at (ids, names,
 * kinds, attributes, events, status). Field numbers: opentelemetry/proto/trace/v1/trace.proto.
 */
export interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
export interface OtlpAttribute {
  key: string;
  value?: OtlpValue;
}
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  attributes?: OtlpAttribute[];
  events?: { name: string; attributes?: OtlpAttribute[] }[];
  status?: { code?: number };
}
export interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: { spans?: OtlpSpan[] }[];
  }[];
}

interface Field {
  field: number;
  /** a varint (an int64 as its two's complement), or a fixed or length-delimited field's bytes */
  value: bigint | Buffer;
}

function* fieldsOf(bytes: Buffer): Generator<Field> {
  let position = 0;
  const varint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = bytes[position++];
      if (byte === undefined) throw new Error('truncated protobuf varint');
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return value;
    }
  };
  const take = (length: number): Buffer => {
    if (position + length > bytes.length) throw new Error('truncated protobuf field');
    const value = bytes.subarray(position, position + length);
    position += length;
    return value;
  };
  while (position < bytes.length) {
    const key = Number(varint());
    const field = key >>> 3;
    switch (key & 7) {
      case 0:
        yield { field, value: varint() };
        break;
      case 1:
        yield { field, value: take(8) };
        break;
      case 2:
        yield { field, value: take(Number(varint())) };
        break;
      case 5:
        yield { field, value: take(4) };
        break;
      default:
        throw new Error(`unsupported protobuf wire type ${key & 7}`);
    }
  }
}

/** Each field's values by number, in order. */
function message(bytes: Buffer): Map<number, (bigint | Buffer)[]> {
  const fields = new Map<number, (bigint | Buffer)[]>();
  for (const { field, value } of fieldsOf(bytes)) {
    const values = fields.get(field) ?? [];
    values.push(value);
    fields.set(field, values);
  }
  return fields;
}

const bytesOf = (value: bigint | Buffer | undefined) =>
  Buffer.isBuffer(value) ? value : undefined;
const numberOf = (value: bigint | Buffer | undefined) =>
  typeof value === 'bigint' ? Number(value) : undefined;
const text = (value: bigint | Buffer | undefined) => bytesOf(value)?.toString('utf8') ?? '';
const hex = (value: bigint | Buffer | undefined) => bytesOf(value)?.toString('hex') ?? '';

function anyValue(bytes: Buffer): OtlpValue {
  const fields = message(bytes);
  const [kind, [value] = []] = [...fields][0] ?? [];
  switch (kind) {
    case 1:
      return { stringValue: text(value) };
    case 2:
      return { boolValue: value === 1n };
    case 3:
      return { intValue: String(BigInt.asIntN(64, value as bigint)) };
    case 4:
      return { doubleValue: (value as Buffer).readDoubleLE(0) };
    case 5:
      return {
        arrayValue: {
          values: (message(value as Buffer).get(1) ?? []).map((item) => anyValue(item as Buffer)),
        },
      };
    default:
      return {};
  }
}

function attributesOf(values: (bigint | Buffer)[] | undefined): OtlpAttribute[] {
  return (values ?? []).map((keyValue) => {
    const fields = message(keyValue as Buffer);
    const value = bytesOf(fields.get(2)?.[0]);
    return { key: text(fields.get(1)?.[0]), ...(value ? { value: anyValue(value) } : {}) };
  });
}

function span(bytes: Buffer): OtlpSpan {
  const fields = message(bytes);
  const one = (field: number) => fields.get(field)?.[0];
  const status = bytesOf(one(15));
  return {
    traceId: hex(one(1)),
    spanId: hex(one(2)),
    parentSpanId: hex(one(4)),
    name: text(one(5)),
    kind: numberOf(one(6)) ?? 0,
    attributes: attributesOf(fields.get(9)),
    events: (fields.get(11) ?? []).map((event) => {
      const eventFields = message(event as Buffer);
      return { name: text(eventFields.get(2)?.[0]), attributes: attributesOf(eventFields.get(3)) };
    }),
    status: { code: status ? (numberOf(message(status).get(3)?.[0]) ?? 0) : 0 },
  };
}

export function readOtlpProtobuf(body: Buffer): OtlpExport {
  return {
    resourceSpans: (message(body).get(1) ?? []).map((resourceSpans) => {
      const fields = message(resourceSpans as Buffer);
      const resource = bytesOf(fields.get(1)?.[0]);
      return {
        resource: { attributes: resource ? attributesOf(message(resource).get(1)) : [] },
        scopeSpans: (fields.get(2) ?? []).map((scopeSpans) => ({
          spans: (message(scopeSpans as Buffer).get(2) ?? []).map((bytes) => span(bytes as Buffer)),
        })),
      };
    }),
  };
}
