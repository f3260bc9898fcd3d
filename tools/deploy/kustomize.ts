import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One Kubernetes object as YAML gives it. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
};

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  images?: { name: string; newName?: string; newTag?: string }[];
  patches?: { path: string }[];
}

/** The part of kustomize the manifests under deploy/k8s use; anything else is refused. */
const SUPPORTED = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'images', 'patches']);

/**
 * Renders a kustomization directory as `kubectl kustomize` does, for the fields it supports:
 * resources (files, or directories with their own kustomization), namespace, images and
 * strategic-merge patches (maps merge, lists of named items merge by name, other lists are
 * replaced). A field it does not know makes it throw rather than render something else than
 * kustomize would.
 */
export function renderKustomization(dir: string): Manifest[] {
  const file = join(dir, 'kustomization.yaml');
  const kustomization = readYaml(file)[0] as Kustomization;
  const unknown = Object.keys(kustomization).filter((key) => !SUPPORTED.has(key));
  if (unknown.length > 0) throw new Error(`${file}: unsupported fields ${unknown.join(', ')}`);
  const manifests = (kustomization.resources ?? []).flatMap((resource) => {
    const path = join(dir, resource);
    return statSync(path).isDirectory() ? renderKustomization(path) : readManifests(path);
  });
  for (const patchRef of kustomization.patches ?? []) {
    const patchFile = join(dir, patchRef.path);
    for (const patch of readManifests(patchFile)) {
      const target = manifests.find(
        (m) =>
          m.apiVersion === patch.apiVersion &&
          m.kind === patch.kind &&
          m.metadata.name === patch.metadata.name,
      );
      if (!target)
        throw new Error(`${patchFile}: no ${patch.kind} ${patch.metadata.name} to patch`);
      Object.assign(target, strategicMerge(target, patch));
    }
  }
  for (const manifest of manifests) {
    if (kustomization.namespace) manifest.metadata.namespace = kustomization.namespace;
    for (const image of kustomization.images ?? []) setImage(manifest, image);
  }
  return manifests;
}

function readManifests(path: string): Manifest[] {
  return readYaml(path).filter((doc): doc is Manifest => doc !== null && doc !== undefined);
}

function readYaml(path: string): unknown[] {
  if (!existsSync(path)) throw new Error(`${path} does not exist (from ${dirname(path)})`);
  return parseAllDocuments(readFileSync(path, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]!.message}`);
    return doc.toJS() as unknown;
  });
}

type Json = unknown;

/** Strategic merge, for what our patches need: maps merge, named lists merge by name. */
export function strategicMerge(base: Json, patch: Json): Json {
  if (Array.isArray(base) && Array.isArray(patch)) {
    const named = (items: unknown[]) =>
      items.every((item) => typeof item === 'object' && item !== null && 'name' in item);
    if (!named(base) || !named(patch)) return patch;
    const merged = [...base] as { name: string }[];
    for (const item of patch as { name: string }[]) {
      const index = merged.findIndex((existing) => existing.name === item.name);
      if (index === -1) merged.push(item);
      else merged[index] = strategicMerge(merged[index], item) as { name: string };
    }
    return merged;
  }
  if (isObject(base) && isObject(patch)) {
    const merged: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      merged[key] = key in base ? strategicMerge(base[key], value) : value;
    }
    return merged;
  }
  return patch;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** kustomize's image transformer: every container whose image is `name` (any tag). */
function setImage(manifest: Manifest, image: { name: string; newName?: string; newTag?: string }) {
  const spec = (manifest['spec'] as { template?: { spec?: Record<string, unknown> } } | undefined)
    ?.template?.spec;
  for (const list of ['containers', 'initContainers']) {
    for (const container of (spec?.[list] as { image?: string }[] | undefined) ?? []) {
      const [name, tag] = (container.image ?? '').split(/:(?=[^/]*$)/);
      if (name !== image.name) continue;
      container.image = `${image.newName ?? name}:${image.newTag ?? tag ?? 'latest'}`;
    }
  }
}
