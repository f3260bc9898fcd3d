import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Manifest } from './kustomize';

interface SchemaIndex {
  kinds: Record<string, { file: string; definition?: string }>;
}

/**
 * Validates manifests against the JSON Schemas shipped in deploy/k8s/schemas (fetched once by
 * its fetch-schemas.mjs): Kubernetes' own for built-in kinds, the operators' CRDs for theirs.
 */
export class ManifestValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly index: SchemaIndex;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly schemaDir: string) {
    this.index = this.read('index.json') as SchemaIndex;
    const files = new Set(Object.values(this.index.kinds).map((entry) => entry.file));
    for (const file of files) this.ajv.addSchema(this.read(file) as object, file);
  }

  /** `apiVersion/kind` of every kind a schema is shipped for */
  get kinds(): string[] {
    return Object.keys(this.index.kinds);
  }

  /** The schema errors of one manifest, as `path: message` lines; none when it is valid. */
  errors(manifest: Manifest): string[] {
    const key = `${manifest.apiVersion}/${manifest.kind}`;
    const validate = this.validatorFor(key);
    if (!validate) return [`no schema shipped for ${key}: add it to fetch-schemas.mjs`];
    if (validate(manifest)) return [];
    return (validate.errors ?? []).map((error) => describe(error));
  }

  private validatorFor(key: string): ValidateFunction | undefined {
    const entry = this.index.kinds[key];
    if (!entry) return undefined;
    let validate = this.compiled.get(key);
    if (!validate) {
      const ref = entry.definition ? `${entry.file}#/definitions/${entry.definition}` : entry.file;
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(key, validate);
    }
    return validate;
  }

  private read(file: string): unknown {
    return JSON.parse(readFileSync(join(this.schemaDir, file), 'utf8'));
  }
}

function describe(error: ErrorObject): string {
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${String((error.params as { additionalProperty: string }).additionalProperty)})`
      : '';
  return `${error.instancePath || '/'}: ${error.message ?? error.keyword}${extra}`;
}
