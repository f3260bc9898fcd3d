import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/** Orders names the same on every machine (localeCompare follows the locale). */
export const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
type Io = 'input' | 'output';

const DEFINITION = '#/definitions/';
const COMPONENT = '#/components/schemas/';
/** between a shape's id and its form in the keys of components until `complete` names them */
const IO_SEPARATOR = '~';

/**
 * JSON Schemas of zod schemas for an OpenAPI document, where every shared schema (a named
 * contract) becomes a `$ref` to `components.schemas.<name>`. A shape can read differently as a
 * request (`io: 'input'`: defaults optional, before transforms) than as a response: the two
 * forms are kept apart until `complete` names them.
 */
export class SchemaComponents {
  private readonly ids = new Map<z.ZodType, string>();
  private readonly byId = new Map<string, z.ZodType>();
  private readonly components = new Map<string, JsonSchema>();
  private readonly inputDiffers = new Map<string, boolean>();
  /** zod reads only `get` of a metadata registry: the global one's metadata, plus our ids */
  private readonly metadata = {
    get: (schema: z.ZodType) => {
      const meta = z.globalRegistry.get(schema);
      const id = this.ids.get(schema);
      return id === undefined ? meta : { ...meta, id };
    },
  };

  constructor(shared: Readonly<Record<string, z.ZodType>>) {
    for (const [id, schema] of Object.entries(shared)) {
      if (this.ids.has(schema)) continue; // the first name of a schema exported twice
      this.ids.set(schema, id);
      this.byId.set(id, schema);
    }
  }

  /** The schema as a `$ref` when it is shared, else inline (its shared parts as `$ref`s). */
  use(schema: z.ZodType, io: Io): JsonSchema {
    const { root, definitions } = this.convert(schema, io);
    this.register(definitions, io);
    return this.rewrite(root, io);
  }

  /** The schema itself even when it is shared (parameters list its properties), parts as `$ref`s. */
  inline(schema: z.ZodType, io: Io): JsonSchema {
    const { root, definitions } = this.convert(schema, io);
    this.register(definitions, io);
    const ref = onlyRef(root);
    return this.rewrite(ref === undefined ? root : (definitions[ref] ?? root), io);
  }

  /**
   * The document with `components.schemas` holding every component it reaches, each named after
   * its contract: a shape used only in requests or only in responses keeps its name, and one
   * that reads differently in the two gets `<name>Input` for its request form.
   */
  complete<T extends { components: object }>(
    document: T,
  ): T & { components: { schemas: Record<string, JsonSchema> } } {
    const reached = new Set<string>();
    const pending = componentRefs(document);
    while (pending.length > 0) {
      const key = pending.pop()!;
      if (reached.has(key)) continue;
      reached.add(key);
      pending.push(...componentRefs(this.components.get(key)));
    }
    const nameOf = (key: string) => {
      const [id, io] = key.split(IO_SEPARATOR) as [string, Io];
      return io === 'input' && reached.has(`${id}${IO_SEPARATOR}output`) ? `${id}Input` : id;
    };
    const schemas = Object.fromEntries(
      [...reached]
        .map((key): [string, JsonSchema] => [nameOf(key), this.components.get(key) ?? {}])
        .sort(([a], [b]) => byCodeUnits(a, b)),
    );
    const completed = { ...document, components: { ...document.components, schemas } };
    return JSON.parse(JSON.stringify(completed), (key, value: unknown) =>
      key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT)
        ? `${COMPONENT}${nameOf(value.slice(COMPONENT.length))}`
        : value,
    ) as T & { components: { schemas: Record<string, JsonSchema> } };
  }

  private convert(schema: z.ZodType, io: Io) {
    const { definitions = {}, ...root } = z.toJSONSchema(schema, {
      target: 'openapi-3.0',
      io,
      unrepresentable: 'any',
      metadata: this.metadata as never,
    }) as JsonSchema & { definitions?: Record<string, JsonSchema> };
    return { root, definitions };
  }

  private register(definitions: Record<string, JsonSchema>, io: Io): void {
    for (const [id, definition] of Object.entries(definitions)) {
      const key = this.keyOf(id, io);
      if (!this.components.has(key)) this.components.set(key, this.rewrite(definition, io));
    }
  }

  /** `<id>~output`, or `<id>~input` for the request form of a shape whose two forms differ. */
  private keyOf(id: string, io: Io): string {
    const form: Io = io === 'input' && this.differsAsInput(id) ? 'input' : 'output';
    return `${id}${IO_SEPARATOR}${form}`;
  }

  /** Whether the request form of a shared schema, or of a shared part of it, differs. */
  private differsAsInput(id: string): boolean {
    const known = this.inputDiffers.get(id);
    if (known !== undefined) return known;
    const schema = this.byId.get(id);
    if (!schema) return false;
    this.inputDiffers.set(id, false); // a cycle back to `id` does not make it differ
    const input = this.convert(schema, 'input').definitions[id];
    const output = this.convert(schema, 'output').definitions[id];
    const differs =
      JSON.stringify(input) !== JSON.stringify(output) ||
      definitionRefs(input).some((part) => this.differsAsInput(part));
    this.inputDiffers.set(id, differs);
    return differs;
  }

  /** Points `$ref`s at components; `{ allOf: [{ $ref }] }` (how zod wraps an optional one) is the `$ref`. */
  private rewrite(json: JsonSchema, io: Io): JsonSchema {
    return JSON.parse(JSON.stringify(json), (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(DEFINITION)) {
        return `${COMPONENT}${this.keyOf(value.slice(DEFINITION.length), io)}`;
      }
      const allOf = (value as { allOf?: unknown[] } | null)?.allOf;
      return allOf?.length === 1 && Object.keys(value as object).length === 1 ? allOf[0] : value;
    }) as JsonSchema;
  }
}

function onlyRef(json: JsonSchema): string | undefined {
  const ref = json['$ref'];
  return Object.keys(json).length === 1 && typeof ref === 'string' && ref.startsWith(DEFINITION)
    ? ref.slice(DEFINITION.length)
    : undefined;
}

function refsOf(value: unknown, prefix: string): string[] {
  const found: string[] = [];
  JSON.stringify(value ?? null, (key, item: unknown) => {
    if (key === '$ref' && typeof item === 'string' && item.startsWith(prefix)) {
      found.push(item.slice(prefix.length));
    }
    return item;
  });
  return found;
}

const componentRefs = (value: unknown) => refsOf(value, COMPONENT);
const definitionRefs = (value: unknown) => refsOf(value, DEFINITION);
