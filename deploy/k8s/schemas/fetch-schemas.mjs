// Fetches, once, the JSON Schemas the manifests under deploy/k8s are validated against
// (tools/deploy/k8s.spec.ts), so the test needs no network and no kubeconform binary.
//
//   node deploy/k8s/schemas/fetch-schemas.mjs                 downloads the sources below
//   node deploy/k8s/schemas/fetch-schemas.mjs --from <dir>    reads them from <dir>, by file name
//
// Kubernetes: the API server's OpenAPI v2 document, cut down to the kinds we use and what they
// reference. CRDs: each operator's CustomResourceDefinition at the release named below, its
// openAPIV3Schema turned into a JSON Schema. Both are made strict as kubeconform's "strict"
// schemas are: an object that lists its properties rejects any other, so a misspelt field fails.
// Bump a version here, run the script, commit the result.
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const KUBERNETES_VERSION = 'v1.36.0';
const SOURCES = {
  kubernetes: `https://raw.githubusercontent.com/kubernetes/kubernetes/${KUBERNETES_VERSION}/api/openapi-spec/swagger.json`,
  crds: [
    'https://raw.githubusercontent.com/rabbitmq/cluster-operator/v2.22.3/config/crd/bases/rabbitmq.com_rabbitmqclusters.yaml',
    'https://raw.githubusercontent.com/cloudnative-pg/cloudnative-pg/v1.30.0/config/crd/bases/postgresql.cnpg.io_clusters.yaml',
    'https://raw.githubusercontent.com/kedacore/keda/v2.20.2/config/crd/bases/keda.sh_scaledobjects.yaml',
    'https://raw.githubusercontent.com/kedacore/keda/v2.20.2/config/crd/bases/keda.sh_triggerauthentications.yaml',
  ],
};
/** The built-in kinds the manifests use (apiVersion/kind). */
const KUBERNETES_KINDS = [
  'apps/v1/Deployment',
  'apps/v1/StatefulSet',
  'v1/Service',
  'v1/ConfigMap',
  'policy/v1/PodDisruptionBudget',
  'autoscaling/v2/HorizontalPodAutoscaler',
  'networking.k8s.io/v1/Ingress',
];

const outDir = dirname(fileURLToPath(import.meta.url));
const fromIndex = process.argv.indexOf('--from');
const fromDir = fromIndex > 0 ? process.argv[fromIndex + 1] : undefined;

async function source(url) {
  if (fromDir) return readFile(join(fromDir, basename(new URL(url).pathname)), 'utf8');
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/** Objects that list properties reject others, as kubeconform's strict schemas do. */
function strict(schema) {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const out = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, strict(value)]),
  );
  if (out.properties && out.additionalProperties === undefined) {
    if (!out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  }
  // int-or-string and quantities are written either way in YAML (`port: 8080`, `cpu: 1`)
  if (out.format === 'int-or-string' || out['x-kubernetes-int-or-string']) {
    delete out.type;
    delete out.format;
    out.oneOf = [{ type: 'string' }, { type: 'integer' }];
  }
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  delete out.nullable;
  return out;
}

async function kubernetesSchemas() {
  const swagger = JSON.parse(await source(SOURCES.kubernetes));
  const definitions = swagger.definitions;
  // quantities are strings or numbers in YAML
  definitions['io.k8s.apimachinery.pkg.api.resource.Quantity'] = {
    description: definitions['io.k8s.apimachinery.pkg.api.resource.Quantity'].description,
    oneOf: [{ type: 'string' }, { type: 'number' }],
  };
  const byKind = {};
  for (const [name, definition] of Object.entries(definitions)) {
    for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      byKind[`${apiVersion}/${gvk.kind}`] = name;
    }
  }
  const kept = {};
  const visit = (name) => {
    if (kept[name]) return;
    const definition = definitions[name];
    if (!definition) throw new Error(`no definition ${name}`);
    kept[name] = definition;
    JSON.stringify(definition, (key, value) => {
      if (key === '$ref') visit(value.replace('#/definitions/', ''));
      return value;
    });
  };
  const index = {};
  for (const kind of KUBERNETES_KINDS) {
    const name = byKind[kind];
    if (!name) throw new Error(`${kind} is not in Kubernetes ${KUBERNETES_VERSION}`);
    visit(name);
    index[kind] = { file: `kubernetes-${KUBERNETES_VERSION}.json`, definition: name };
  }
  const sorted = Object.fromEntries(
    Object.keys(kept)
      .sort()
      .map((name) => [name, kept[name]]),
  );
  await write(`kubernetes-${KUBERNETES_VERSION}.json`, {
    $schema: 'http://json-schema.org/draft-07/schema#',
    description: `Kubernetes ${KUBERNETES_VERSION} OpenAPI definitions used by deploy/k8s (strict)`,
    definitions: strict(sorted),
  });
  return index;
}

async function crdSchemas() {
  const index = {};
  for (const url of SOURCES.crds) {
    const crd = parse(await source(url));
    const { group, names } = crd.spec;
    for (const version of crd.spec.versions.filter((v) => v.served)) {
      const schema = structuredClone(version.schema.openAPIV3Schema);
      // metadata is the common ObjectMeta, which CRDs leave open
      schema.properties.metadata = { type: 'object' };
      schema.required = [...new Set([...(schema.required ?? []), 'apiVersion', 'kind'])];
      schema.properties.apiVersion = { enum: [`${group}/${version.name}`] };
      schema.properties.kind = { enum: [names.kind] };
      const file = `${group}_${names.singular}_${version.name}.json`;
      await write(file, {
        $schema: 'http://json-schema.org/draft-07/schema#',
        description: `${names.kind} ${group}/${version.name}, from ${url}`,
        ...strict(schema),
      });
      index[`${group}/${version.name}/${names.kind}`] = { file };
    }
  }
  return index;
}

async function write(file, value) {
  await writeFile(join(outDir, file), `${JSON.stringify(value, null, 1)}\n`);
  console.log(`wrote deploy/k8s/schemas/${file}`);
}

const index = { ...(await kubernetesSchemas()), ...(await crdSchemas()) };
await write('index.json', { sources: SOURCES, kinds: index });
