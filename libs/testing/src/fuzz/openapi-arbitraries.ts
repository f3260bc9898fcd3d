import fc from 'fast-check';

/** The part of OpenAPI 3.0 / JSON Schema the gateway's document uses. */
export interface Schema {
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

/** The kinds of ids the fuzzer seeds, so that a parameter gets a real id of the kind it names. */
export type IdKind =
  | 'accounts'
  | 'doctors'
  | 'sagas'
  | 'hospitals'
  | 'imports'
  | 'versions'
  | 'products'
  | 'productSessions'
  | 'registrations'
  | 'educationRecords'
  | 'deadLetters';

/** Ids that exist in the system under test, so generated requests also reach past the lookups. */
export type KnownIds = Partial<Record<IdKind, string[]>>;

/** The kind of id a path parameter names, from the path segment before it (`/doctors/{id}`). */
const KIND_OF_SEGMENT: Record<string, IdKind> = {
  accounts: 'accounts',
  doctors: 'doctors',
  sagas: 'sagas',
  hospitals: 'hospitals',
  imports: 'imports',
  versions: 'versions',
  products: 'products',
  session: 'productSessions',
  registrations: 'registrations',
  records: 'educationRecords',
};

/** The kind of id the parameter `{name}` of an OpenAPI path stands for, if the path says. */
export function idKindOfPathParameter(path: string, name: string): IdKind | undefined {
  const segments = path.split('/');
  const at = segments.indexOf(`{${name}}`);
  return at > 0 ? KIND_OF_SEGMENT[segments[at - 1] ?? ''] : undefined;
}

/** The kind of id a body or query field holds, from its name (`hospitalIds`, `accountId`). */
function idKindOfField(name: string | undefined): IdKind | undefined {
  if (!name) return undefined;
  if (/^hospital/i.test(name)) return 'hospitals';
  if (/^account/i.test(name)) return 'accounts';
  if (/^doctor/i.test(name) || name === 'ids') return 'doctors';
  return undefined;
}

/** The known ids of a kind, or of every kind when none is named (or none is known). */
export function idsOf(known: KnownIds, kind?: IdKind): string[] {
  const ofKind = kind ? (known[kind] ?? []) : [];
  return ofKind.length > 0 ? ofKind : Object.values(known).flat();
}

const NUL = '\u0000';

/**
 * Built on first use, then kept: setting up fast-check's grapheme strings takes about a second
 * of CPU, which every process importing @medicalink/testing paid at start, fuzzing or not.
 */
function lazily<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/** Strings an attacker tries: NUL, control and combining characters, surrogates, huge, injections. */
export const hostileString = lazily((): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      NUL,
      `a${NUL}b`,
      '',
      ' ',
      '\u202e\u200b\ufeff',
      '\ud800',
      '\udfff\ud800',
      '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🩺👩‍⚕️',
      "' OR 1=1 --",
      '%00',
      '%',
      '_',
      '\\',
      '../../etc/passwd',
      '${jndi:ldap://x}',
      '<script>alert(1)</script>',
      '{"a":1}',
      'null',
      '0000-01-01',
      '9999-99-99',
      '-0001-01-01',
      '1970-01-01T00:00:00+99:99',
      '275761-01-01',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
    ),
    fc.string({ unit: 'binary', maxLength: 64 }),
    fc.string({ unit: 'grapheme', maxLength: 64 }),
    fc.integer({ min: 1_000, max: 200_000 }).map((length) => 'x'.repeat(length)),
    fc.string({ maxLength: 16 }).map((text) => `${text}${NUL}${text}`),
  ),
);

/** Numbers at and beyond every limit. */
export const hostileNumber = lazily((): fc.Arbitrary<number> =>
  fc.oneof(
    fc.constantFrom(
      0,
      -1,
      1,
      -0,
      0.5,
      2 ** 31,
      2 ** 31 - 1,
      -(2 ** 31),
      2 ** 53,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      1e308,
    ),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  ),
);

/** Any JSON value, hostile ones first in line. */
export const hostileJson = lazily((): fc.Arbitrary<unknown> =>
  fc.oneof(
    hostileString(),
    hostileNumber(),
    fc.constantFrom(null, true, false, [], {}),
    fc.array(hostileString(), { maxLength: 5 }),
    fc.dictionary(hostileString(), hostileString(), { maxKeys: 5 }),
    fc.integer({ min: 50, max: 2_000 }).map((depth) => nested(depth)),
    fc.integer({ min: 200, max: 20_000 }).map((size) => Array.from({ length: size }, (_, i) => i)),
  ),
);

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

/** A value that (mostly) satisfies the schema, with known ids (of the kind `name` says) for uuid fields. */
export function validValue(
  schema: Schema | undefined,
  known: KnownIds,
  depth = 0,
  name?: string,
): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant('x');
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants && variants.length > 0) {
    return fc.oneof(...variants.map((variant) => validValue(variant, known, depth + 1, name)));
  }
  if (schema.allOf && schema.allOf.length > 0) {
    return validValue(schema.allOf[0], known, depth + 1, name);
  }
  const value = validOfType(schema, known, depth, name);
  return schema.nullable ? fc.oneof(value, fc.constant(null)) : value;
}

function validOfType(
  schema: Schema,
  known: KnownIds,
  depth: number,
  name: string | undefined,
): fc.Arbitrary<unknown> {
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [field, property] of Object.entries(properties)) {
        record[field] = validValue(property, known, depth + 1, field);
      }
      return fc.record(record, {
        requiredKeys: [...required].filter((name) => name in record),
      });
    }
    case 'array':
      return fc.array(validValue(schema.items, known, depth + 1, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000 });
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1_000,
        max: schema.maximum ?? 1_000,
        noNaN: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'string':
      return validString(schema, known, name);
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean());
  }
}

function validString(
  schema: Schema,
  known: KnownIds,
  name: string | undefined,
): fc.Arbitrary<string> {
  const ids = idsOf(known, idKindOfField(name));
  switch (schema.format) {
    case 'uuid':
      return ids.length > 0 ? fc.oneof(fc.constantFrom(...ids), fc.uuid()) : fc.uuid();
    case 'email':
      return fc
        .constantFrom('fuzz@medicalink.local', 'a@b.co')
        .chain((base) => fc.nat({ max: 9999 }).map((n) => base.replace('@', `+${n}@`)));
    case 'date':
      return fc
        .date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10));
    case 'uri':
      // loopback and a closed port: a URL the system may fetch sends nothing off this machine
      return fc.constantFrom('http://127.0.0.1:9/roster.json', 'http://localhost:9/roster.csv');
    case 'date-time':
      return fc
        .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((date) => date.toISOString());
    default:
      break;
  }
  if (schema.pattern?.startsWith('^\\+?[0-9'))
    return fc.constantFrom('+44 20 7946 0000', '555-0100');
  if (schema.pattern?.includes('A-Z0-9-')) {
    return fc.stringMatching(/^[A-Z0-9-]{3,12}$/);
  }
  const pattern = patternOf(schema);
  if (pattern) {
    const max = schema.maxLength ?? 64;
    return fc
      .stringMatching(pattern)
      .filter((text) => text.length >= (schema.minLength ?? 0) && text.length <= max);
  }
  return fc.string({
    minLength: schema.minLength ?? 0,
    maxLength: Math.max(schema.minLength ?? 0, Math.min(schema.maxLength ?? 24, 24)),
  });
}

/** The schema's pattern as a RegExp, when it is one JavaScript reads (else none). */
function patternOf(schema: Schema): RegExp | undefined {
  if (!schema.pattern) return undefined;
  try {
    return new RegExp(schema.pattern);
  } catch {
    return undefined;
  }
}

/** A body: valid, or valid with one thing broken (missing, extra, wrong-typed, hostile field). */
export function bodyValue(schema: Schema, known: KnownIds): fc.Arbitrary<unknown> {
  const valid = validValue(schema, known);
  const required = schema.required ?? [];
  const properties = Object.keys(schema.properties ?? {});
  return fc.oneof(
    { arbitrary: valid, weight: 3 },
    {
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...(required.length > 0 ? required : ['x'])))
        .map(([value, field]) => withoutField(value, field)),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(valid, hostileString(), hostileJson())
        .map(([value, key, extra]) => withField(value, key, extra)),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom(...(properties.length > 0 ? properties : ['x'])),
          hostileJson(),
        )
        .map(([value, field, hostile]) => withField(value, field, hostile)),
      weight: 4,
    },
    { arbitrary: hostileJson(), weight: 1 },
  );
}

function withoutField(value: unknown, field: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const { [field]: _dropped, ...rest } = value as Record<string, unknown>;
  return rest;
}

function withField(value: unknown, field: string, fieldValue: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { [field]: fieldValue };
  return { ...(value as Record<string, unknown>), [field]: fieldValue };
}

/**
 * A path parameter of a request meant to reach the handler: one of the values its schema
 * allows (an enum: the dead-letter services), else a known id of the kind the path names.
 */
export function wellFormedPathValue(
  parameter: Parameter | undefined,
  kind: IdKind | undefined,
  known: KnownIds,
): fc.Arbitrary<string> {
  const allowed = parameter?.schema?.enum?.filter(
    (value): value is string => typeof value === 'string',
  );
  if (allowed && allowed.length > 0) return fc.constantFrom(...allowed);
  const ids = idsOf(known, kind);
  return ids.length > 0 ? fc.constantFrom(...ids) : fc.uuid();
}

/** A path parameter: a known id (of the kind the path names), a fresh uuid, or no id at all. */
export function pathValue(known: KnownIds, kind?: IdKind): fc.Arbitrary<string> {
  const ids = idsOf(known, kind);
  return fc.oneof(
    { arbitrary: ids.length > 0 ? fc.constantFrom(...ids) : fc.uuid(), weight: 3 },
    { arbitrary: fc.uuid(), weight: 2 },
    { arbitrary: hostileString().map((text) => text.slice(0, 3_000)), weight: 3 },
  );
}

/** A query or header value: from its schema, or hostile. */
export function parameterValue(parameter: Parameter, known: KnownIds): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: validValue(parameter.schema, known), weight: 2 },
    { arbitrary: hostileString().map((text) => text.slice(0, 5_000)), weight: 2 },
    { arbitrary: hostileNumber(), weight: 1 },
  );
}
