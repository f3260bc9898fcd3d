import fc from 'fast-check';
import {
  bodyValue,
  hostileJson,
  hostileString,
  idKindOfPathParameter,
  idsOf,
  parameterValue,
  pathValue,
  validValue,
  wellFormedPathValue,
  type KnownIds,
  type Parameter,
  type Schema,
} from './openapi-arbitraries';

/** Who a request claims to be: no token, a broken one, or a real token of each privilege. */
export type Caller = 'anonymous' | 'garbage' | 'owner' | 'admin' | 'main';

/** A file the upload route is sent. */
export interface UploadFile {
  name: string;
  content: Buffer;
}

/** Files for the upload route: spreadsheets it should import, and files meant to break it. */
export interface FuzzUploads {
  valid: UploadFile[];
  hostile: UploadFile[];
}

export interface FuzzTarget {
  baseUrl: string;
  /** a valid token per privilege */
  tokens: Record<'owner' | 'admin' | 'main', string>;
  known: KnownIds;
  /** request bodies known to pass validation, per operation (`POST /auth/login`) */
  examples: Record<string, unknown[]>;
  uploads: FuzzUploads;
  /**
   * A fresh token of an account kept apart, for routes that end their caller's sessions
   * (POST /auth/logout): the tokens above must last the whole run.
   */
  sessionEndingToken?: () => Promise<string>;
}

export interface Operation {
  method: string;
  /** OpenAPI path, `{id}` style */
  path: string;
  parameters: Parameter[];
  body?: Schema;
  /** the body is multipart/form-data (the schedule upload) */
  multipart: boolean;
}

/** A multipart/form-data body, built into a FormData when sent. */
export interface MultipartBody {
  fields: [string, string][];
  file?: { field: string } & UploadFile;
}

export interface FuzzRequest {
  operation: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | MultipartBody;
}

type OperationObject = { parameters?: Parameter[]; requestBody?: unknown };

/**
 * Every operation of the gateway's OpenAPI document (`/docs/json`), its `$ref`s to
 * `components.schemas` replaced by what they name, so the arbitraries see whole schemas.
 */
export function operationsOf(document: {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, unknown> };
}): Operation[] {
  const paths = withoutRefs(document.paths, document.components?.schemas ?? {});
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const content =
        (operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)
          ?.content ?? {};
      const body = content['application/json']?.schema;
      return {
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        multipart: 'multipart/form-data' in content,
        ...(body ? { body } : {}),
      };
    }),
  );
}

const COMPONENT_REF = '#/components/schemas/';

/**
 * `value` with every `{ $ref: '#/components/schemas/X', ...rest }` replaced by `{ ...X, ...rest }`,
 * and every `{ allOf: [X], ...rest }` (a nullable `$ref`) by `{ ...X, ...rest }`.
 */
function withoutRefs<T>(value: T, schemas: Record<string, unknown>, depth = 0): T {
  if (Array.isArray(value)) {
    return (value as unknown[]).map((item) => withoutRefs(item, schemas, depth)) as T;
  }
  if (value === null || typeof value !== 'object') return value;
  const { $ref, ...rest } = value as { $ref?: unknown } & Record<string, unknown>;
  const resolved = Object.fromEntries(
    Object.entries(rest).map(([key, item]) => [key, withoutRefs(item, schemas, depth)]),
  );
  const allOf = resolved['allOf'];
  if (Array.isArray(allOf) && allOf.length === 1) {
    const { allOf: _single, ...others } = resolved;
    return { ...(allOf[0] as object), ...others } as T;
  }
  if (typeof $ref !== 'string' || !$ref.startsWith(COMPONENT_REF)) return resolved as T;
  if (depth > 32) throw new Error(`OpenAPI document: ${$ref} refers to itself`);
  const target = withoutRefs(schemas[$ref.slice(COMPONENT_REF.length)], schemas, depth + 1);
  return { ...(target as object), ...resolved } as T;
}

const CALLERS: Caller[] = ['anonymous', 'garbage', 'owner', 'admin', 'main'];

/** Requests for one operation: three in five meant to reach its handler, the rest hostile. */
export function requestArbitrary(
  operation: Operation,
  target: FuzzTarget,
): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { arbitrary: wellFormedArbitrary(operation, target), weight: 3 },
    { arbitrary: hostileArbitrary(operation, target), weight: 2 },
  );
}

/**
 * A request meant to get past authentication, validation and lookups: the main account's
 * token, known ids of the kind each path parameter names, valid query values, a body known to
 * pass (an example) or valid by the schema, a spreadsheet for the upload.
 */
export function wellFormedArbitrary(
  operation: Operation,
  target: FuzzTarget,
  /** a body known to pass (an example) whenever the operation has one */
  examplesOnly = false,
): fc.Arbitrary<FuzzRequest> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const path = fc
    .tuple(
      ...pathParams.map((p) =>
        wellFormedPathValue(p, idKindOfPathParameter(operation.path, p.name), target.known),
      ),
    )
    .map((values) => fillPath(operation.path, pathParams, values));
  // required parameters always, each optional one now and then (every extra one may clash)
  const query = fc
    .tuple(
      ...queryParams.map((p) => {
        const value = validValue(p.schema, target.known, 0, p.name);
        return p.required
          ? value
          : fc.oneof(
              { arbitrary: fc.constant(undefined), weight: 7 },
              { arbitrary: value, weight: 3 },
            );
      }),
    )
    .map((values) =>
      queryParams.flatMap((p, i): [string, string][] =>
        values[i] === undefined ? [] : [[p.name, queryString(values[i])]],
      ),
    );
  const examples = target.examples[operationName(operation)] ?? [];
  const json = operation.body
    ? examples.length > 0 && examplesOnly
      ? fc.constantFrom(...examples)
      : examples.length > 0
        ? fc.oneof(
            { arbitrary: fc.constantFrom(...examples), weight: 5 },
            { arbitrary: validValue(operation.body, target.known), weight: 1 },
          )
        : validValue(operation.body, target.known)
    : undefined;
  const body: fc.Arbitrary<{ text?: string | MultipartBody; contentType?: string }> =
    operation.multipart
      ? uploadArbitrary(target, true).map((form) => ({ text: form }))
      : json
        ? json.map((value) => jsonBody(value))
        : fc.constant({});
  const key = fc.option(fc.uuid(), { nil: undefined });
  return fc
    .record({ path, query, body, key })
    .map(({ path: built, query: pairs, body: payload, key: idempotencyKey }) =>
      assemble(operation, target, 'main', built, pairs, payload, {
        ...(idempotencyKey && hasHeader(operation, 'idempotency-key')
          ? { 'idempotency-key': idempotencyKey }
          : {}),
      }),
    );
}

/**
 * Requests built to break the route: every path parameter from ids (known, fresh, hostile),
 * query and header parameters valid or hostile plus extra ones, a body valid or broken in one
 * place (or hostile JSON, bad JSON, the wrong content type, none), hostile files for the upload,
 * and any of the callers.
 */
export function hostileArbitrary(
  operation: Operation,
  target: FuzzTarget,
): fc.Arbitrary<FuzzRequest> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const headerParams = operation.parameters.filter((p) => p.in === 'header');
  const path = fc
    .tuple(
      ...pathParams.map((p) =>
        pathValue(target.known, idKindOfPathParameter(operation.path, p.name)),
      ),
    )
    .map((values) => fillPath(operation.path, pathParams, values));
  const query = fc
    .tuple(
      fc.subarray(queryParams),
      fc.array(fc.tuple(hostileString(), hostileString()), { maxLength: 2 }),
    )
    .chain(([chosen, extra]) =>
      fc.tuple(...chosen.map((p) => parameterValue(p, target.known))).map((values) => {
        const pairs: [string, string][] = chosen.map((p, i) => [p.name, stringOf(values[i])]);
        return [
          ...pairs,
          ...extra.map(([k, v]): [string, string] => [k.slice(0, 200), v.slice(0, 500)]),
        ];
      }),
    );
  const headers = fc
    .tuple(...headerParams.map((p) => fc.option(parameterValue(p, target.known))))
    .map((values) =>
      Object.fromEntries(
        headerParams.flatMap((p, i) =>
          values[i] === null ? [] : [[p.name, headerSafe(stringOf(values[i]))]],
        ),
      ),
    );
  return fc
    .record({
      path,
      query,
      headers,
      body: hostileBody(operation, target),
      caller: fc.constantFrom(...CALLERS),
    })
    .map(({ path: built, query: pairs, headers: extra, body: payload, caller }) =>
      assemble(operation, target, caller, built, pairs, payload, extra),
    );
}

type Payload = { text?: string | MultipartBody; contentType?: string };

function hostileBody(operation: Operation, target: FuzzTarget): fc.Arbitrary<Payload> {
  if (operation.multipart) {
    return fc.oneof(
      { arbitrary: uploadArbitrary(target, false).map((form) => ({ text: form })), weight: 6 },
      {
        arbitrary: fc
          .constantFrom(
            '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ndate',
            '--x--',
            '',
            'not multipart at all',
          )
          .map((text) => ({ text, contentType: 'multipart/form-data; boundary=x' })),
        weight: 2,
      },
      { arbitrary: hostileJson().map((v) => jsonBody(v)), weight: 1 },
      { arbitrary: fc.constant({}), weight: 1 },
    );
  }
  if (!operation.body) {
    return fc.oneof(
      { arbitrary: fc.constant({}), weight: 40 },
      { arbitrary: hostileJson().map((v) => jsonBody(v)), weight: 10 },
    );
  }
  const schema = operation.body;
  return fc.oneof(
    { arbitrary: bodyValue(schema, target.known).map((v) => jsonBody(v)), weight: 80 },
    { arbitrary: hostileJson().map((v) => jsonBody(v)), weight: 10 },
    {
      arbitrary: fc
        .constantFrom('{"email":', '{,}', '[', 'nul\u0000l', '{"a":1}{"b":2}', '')
        .map((text) => ({ text, contentType: 'application/json' })),
      weight: 10,
    },
    {
      arbitrary: bodyValue(schema, target.known).chain((v) =>
        fc
          .constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'application/xml',
            'multipart/form-data',
          )
          .map((contentType) => ({ text: JSON.stringify(v) ?? 'null', contentType })),
      ),
      weight: 10,
    },
    { arbitrary: fc.constant({}), weight: 10 },
    {
      arbitrary: fc.constant({
        text: JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
        contentType: 'application/json',
      }),
      weight: 1,
    },
  );
}

/**
 * The upload form: a spreadsheet (valid, or from the hostile files), a hospital id and an
 * optional roster URL. The roster URLs stay on loopback (a closed port) or are no URL at all:
 * the fuzzer sends nothing beyond this machine.
 */
function uploadArbitrary(target: FuzzTarget, wellFormed: boolean): fc.Arbitrary<MultipartBody> {
  const { valid, hostile } = target.uploads;
  const hospitals = idsOf(target.known, 'hospitals');
  const files = wellFormed || hostile.length === 0 ? valid : hostile;
  const hospitalId = wellFormed
    ? hospitals.length > 0
      ? fc.constantFrom(...hospitals)
      : fc.uuid()
    : fc.oneof(
        hospitals.length > 0 ? fc.constantFrom(...hospitals) : fc.uuid(),
        fc.uuid(),
        hostileString().map((text) => text.slice(0, 500)),
      );
  const rosterSourceUrl = fc.constantFrom(
    'http://127.0.0.1:9/roster.json',
    'http://localhost:9/roster.csv',
    'not a url',
    'file:///etc/passwd',
    '',
  );
  return fc
    .record({
      file: wellFormed
        ? fc.constantFrom(...files)
        : fc.option(fc.constantFrom(...files), { nil: undefined, freq: 8 }),
      hospitalId: wellFormed ? hospitalId : fc.option(hospitalId, { nil: undefined, freq: 8 }),
      roster: wellFormed
        ? fc.constant(undefined)
        : fc.option(rosterSourceUrl, { nil: undefined, freq: 2 }),
      extra: wellFormed
        ? fc.constant([] as [string, string][])
        : fc.array(
            fc.tuple(
              hostileString().map((text) => text.slice(0, 100)),
              hostileString().map((text) => text.slice(0, 1_000)),
            ),
            { maxLength: 2 },
          ),
    })
    .map(({ file, hospitalId: id, roster, extra }) => ({
      fields: [
        ...(id === undefined ? [] : [['hospitalId', id] as [string, string]]),
        ...(roster === undefined ? [] : [['rosterSourceUrl', roster] as [string, string]]),
        ...extra,
      ],
      ...(file ? { file: { field: 'file', ...file } } : {}),
    }));
}

function assemble(
  operation: Operation,
  target: FuzzTarget,
  caller: Caller,
  path: string,
  query: [string, string][],
  payload: Payload,
  headers: Record<string, string>,
): FuzzRequest {
  const search = new URLSearchParams(query).toString();
  return {
    operation: operationName(operation),
    method: operation.method,
    path: search ? `${path}?${search}` : path,
    headers: {
      ...headers,
      ...authorization(caller, target),
      ...(payload.contentType ? { 'content-type': payload.contentType } : {}),
    },
    ...(payload.text !== undefined ? { body: payload.text } : {}),
  };
}

export function operationName(operation: Pick<Operation, 'method' | 'path'>): string {
  return `${operation.method} ${operation.path}`;
}

function fillPath(path: string, parameters: Parameter[], values: string[]): string {
  return parameters.reduce(
    (built, parameter, i) => built.replace(`{${parameter.name}}`, encode(values[i] ?? '')),
    path,
  );
}

function hasHeader(operation: Operation, name: string): boolean {
  return operation.parameters.some((p) => p.in === 'header' && p.name === name);
}

function jsonBody(value: unknown): Payload {
  return { text: JSON.stringify(value) ?? 'null', contentType: 'application/json' };
}

/** encodeURIComponent, with lone surrogates (which it refuses) sent as U+FFFD. */
function encode(value: string): string {
  return encodeURIComponent(
    value.replace(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '\ufffd',
    ),
  );
}

/** A query value as the gateway reads it: arrays comma-separated (`?ids=a,b`). */
function queryString(value: unknown): string {
  return Array.isArray(value) ? value.map(stringOf).join(',') : stringOf(value);
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

/** fetch refuses header values with control characters or beyond Latin-1: encode those. */
function headerSafe(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value.slice(0, 8_000) : encode(value).slice(0, 8_000);
}

function authorization(caller: Caller, target: FuzzTarget): Record<string, string> {
  switch (caller) {
    case 'anonymous':
      return {};
    case 'garbage':
      return { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' };
    default:
      return { authorization: `Bearer ${target.tokens[caller]}` };
  }
}
