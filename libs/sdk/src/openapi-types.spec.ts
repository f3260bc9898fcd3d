import { resolve } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CALLS,
  document,
  operationFor,
  requestsOf,
  resolved,
  type Schema,
} from '../test/openapi-document.js';

/**
 * The SDK's types against docs/openapi.json: what each client method resolves to on success
 * (`OperationResult<T>`'s `data`, read from the SDK's source with the TypeScript compiler) must
 * have the shape of the success response the document gives the route the method calls:
 * the same properties, required and nullable alike, the same enum values, arrays of the same
 * items, down to the leaves.
 */
const MAX_DEPTH = 12;

interface Checked {
  problems: string[];
  compared: number;
}

let checker: ts.TypeChecker;
let client: ts.Type;

beforeAll(() => {
  const file = resolve(__dirname, 'client.ts');
  const program = ts.createProgram([file], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  });
  checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const declaration = source.statements.find(
    (statement): statement is ts.ClassDeclaration =>
      ts.isClassDeclaration(statement) && statement.name?.text === 'MedicaLinkClient',
  )!;
  client = checker.getTypeAtLocation(declaration);
}, 60_000);

/** `T` of the `Promise<OperationResult<T>>` a client method returns. */
function successDataOf(method: string): ts.Type {
  const property = client.getProperty(method)!;
  const signature = checker.getTypeOfSymbol(property).getCallSignatures()[0]!;
  const result = checker.getAwaitedType(signature.getReturnType())!;
  const success = members(result).find(
    (member) => literalOf(checker.getTypeOfSymbol(member.getProperty('success')!)) === true,
  )!;
  return checker.getTypeOfSymbol(success.getProperty('data')!);
}

function members(type: ts.Type): ts.Type[] {
  return type.isUnion() ? type.types : [type];
}

function literalOf(type: ts.Type): string | number | boolean | undefined {
  if (type.isStringLiteral() || type.isNumberLiteral()) return type.value;
  if (type.flags & ts.TypeFlags.BooleanLiteral) return checker.typeToString(type) === 'true';
  return undefined;
}

const has = (type: ts.Type, flag: ts.TypeFlags) => members(type).some((m) => m.flags & flag);

/** The type without `null` and `undefined`. */
function present(type: ts.Type): ts.Type[] {
  return members(type).filter(
    (member) => !(member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)),
  );
}

/** A schema with its `$ref` and single `allOf` taken in (siblings such as `nullable` kept). */
function flat(schema: Schema): Schema {
  const { $ref: _ref, allOf, ...rest } = schema;
  const inner = resolved(schema['$ref'] ? { $ref: schema['$ref'] } : undefined);
  const base = inner ? flat(inner) : {};
  const single = Array.isArray(allOf) && allOf.length === 1 ? flat(allOf[0] as Schema) : {};
  return { ...base, ...single, ...rest };
}

function compare(type: ts.Type, raw: Schema, at: string, checked: Checked, depth = 0): void {
  if (depth > MAX_DEPTH) return;
  checked.compared++;
  const schema = flat(raw);
  const problem = (text: string): void => {
    checked.problems.push(`${at}: ${text}`);
  };
  const nullable = schema['nullable'] === true;
  if (has(type, ts.TypeFlags.Null) !== nullable) {
    problem(nullable ? 'the SDK type does not admit null' : 'the SDK type admits null');
  }
  const types = present(type);
  if (types.some((member) => member.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) return;
  if (Object.keys(schema).filter((key) => key !== 'nullable').length === 0) return; // any value
  if (Array.isArray(schema['anyOf']) || Array.isArray(schema['oneOf'])) return; // not compared
  const values = schema['enum'] as unknown[] | undefined;
  const literals = types.map(literalOf);
  if (values && literals.every((value) => value !== undefined)) {
    const sdk = [...new Set(literals)].map(String).sort();
    const documented = values.map(String).sort();
    if (sdk.join() !== documented.join()) {
      problem(`the SDK has ${sdk.join(' | ')}, the document ${documented.join(' | ')}`);
    }
    return;
  }
  switch (schema['type']) {
    case 'string':
      return expectFlags(types, ts.TypeFlags.StringLike, 'a string', problem);
    case 'number':
    case 'integer':
      return expectFlags(types, ts.TypeFlags.NumberLike, 'a number', problem);
    case 'boolean':
      return expectFlags(types, ts.TypeFlags.BooleanLike, 'a boolean', problem);
    case 'array': {
      const [only] = types;
      if (types.length !== 1 || !checker.isArrayLikeType(only!)) return problem('not an array');
      const item = checker.getIndexTypeOfType(only!, ts.IndexKind.Number)!;
      return compare(item, schema['items'] as Schema, `${at}[]`, checked, depth + 1);
    }
    case 'object':
      return compareObject(types, schema, at, checked, depth);
  }
}

function expectFlags(
  types: ts.Type[],
  flags: ts.TypeFlags,
  what: string,
  problem: (text: string) => void,
) {
  if (!types.every((member) => member.flags & flags)) {
    problem(`is ${types.map((member) => checker.typeToString(member)).join(' | ')}, not ${what}`);
  }
}

function compareObject(
  types: ts.Type[],
  schema: Schema,
  at: string,
  checked: Checked,
  depth: number,
): void {
  const [object] = types;
  if (types.length !== 1 || !(object!.flags & ts.TypeFlags.Object)) {
    checked.problems.push(`${at}: not one object type`);
    return;
  }
  const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
  const required = new Set((schema['required'] ?? []) as string[]);
  const additional = schema['additionalProperties'];
  if (typeof additional === 'object' && Object.keys(properties).length === 0) {
    const value = checker.getIndexTypeOfType(object!, ts.IndexKind.String);
    if (!value) checked.problems.push(`${at}: no index signature for a record`);
    else compare(value, additional as Schema, `${at}[key]`, checked, depth + 1);
    return;
  }
  const declared = new Map(checker.getPropertiesOfType(object!).map((p) => [p.name, p]));
  for (const [name, property] of Object.entries(properties)) {
    const symbol = declared.get(name);
    if (!symbol) {
      checked.problems.push(`${at}.${name}: documented, missing in the SDK type`);
      continue;
    }
    const optional = (symbol.flags & ts.SymbolFlags.Optional) !== 0;
    if (optional === required.has(name)) {
      checked.problems.push(
        `${at}.${name}: ${optional ? 'optional in the SDK, required' : 'required in the SDK, optional'} in the document`,
      );
    }
    compare(checker.getTypeOfSymbol(symbol), property, `${at}.${name}`, checked, depth + 1);
  }
  for (const name of declared.keys()) {
    if (!(name in properties) && additional === false) {
      checked.problems.push(`${at}.${name}: in the SDK type, not in the document`);
    }
  }
}

/** The JSON schema of the success reply of the route a method calls, and that route. */
async function successResponseOf(method: string) {
  const requests = await requestsOf(CALLS[method]!);
  const routes = [...new Set(requests.map((request) => operationFor(request)))];
  if (routes.length !== 1 || !routes[0]) return undefined;
  const { route, operation } = routes[0];
  const [status, response] = Object.entries(operation.responses)
    .filter(([code]) => /^2\d\d$/.test(code))
    .sort(([a], [b]) => Number(a) - Number(b))[0]!;
  const schema = response.content?.['application/json']?.schema;
  return { route, status, schema };
}

/** Methods whose reply is not the route's JSON body as such. */
const RESHAPED: Record<string, string> = {
  getDoctor: 'answers the composite doctor inside `data` of GET /doctors/:id',
  performHealthCheck: 'answers a HealthReport built from GET /health',
  getGatewayMetrics: 'answers the Prometheus text',
  educationRegistrationStep: 'calls one of five routes, typed per step',
  deleteAccount: 'answers nothing (204)',
  logout: 'answers nothing (204)',
  onboardDoctor: 'an operation over several routes',
  createProductWithTarget: 'an operation over several routes',
  registerEducation: 'an operation over several routes',
  importSchedule: 'an operation over several routes',
};

describe("the SDK's types against docs/openapi.json", () => {
  const methods = Object.keys(CALLS).filter((method) => !(method in RESHAPED));

  it.each(methods)(
    '%s resolves to the shape the document gives its route',
    async (method) => {
      const found = await successResponseOf(method);
      expect(found, `${method} calls one route, answering JSON`).toBeDefined();
      const checked: Checked = { problems: [], compared: 0 };

      compare(successDataOf(method), found!.schema!, `${found!.route} ${found!.status}`, checked);

      expect(checked.problems).toEqual([]);
      expect(checked.compared).toBeGreaterThan(1);
    },
    30_000,
  );

  it('finds a difference when there is one', () => {
    const checked: Checked = { problems: [], compared: 0 };
    const schema = document.components.schemas['Account']!;
    const broken = {
      ...schema,
      properties: { ...(schema['properties'] as object), nickname: { type: 'string' } },
      required: [...(schema['required'] as string[]), 'nickname'],
    };

    compare(successDataOf('getAccount'), broken, 'Account', checked);

    expect(checked.problems).toEqual(['Account.nickname: documented, missing in the SDK type']);
  });
});
