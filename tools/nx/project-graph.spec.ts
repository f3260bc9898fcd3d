import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDICALINK_APPS } from '@medicalink/testing';

const root = join(__dirname, '../..');
interface Graph {
  nodes: Record<string, { data: { root: string; targets: Record<string, unknown> } }>;
  dependencies: Record<string, { target: string; type: string }[]>;
}
let graph: Graph;
const scratch = mkdtempSync(join(tmpdir(), 'nx-graph-'));

beforeAll(() => {
  const file = join(scratch, 'graph.json');
  execFileSync(join(root, 'node_modules/.bin/nx'), ['graph', `--file=${file}`], {
    cwd: root,
    stdio: 'pipe',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  graph = (JSON.parse(readFileSync(file, 'utf8')) as { graph: Graph }).graph;
}, 120_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const projects = () =>
  Object.entries(graph.nodes).map(([name, node]) => ({ name, root: node.data.root }));
const projectOfPackage = (pkg: string) =>
  projects().find(
    (p) => JSON.parse(readFileSync(join(root, p.root, 'package.json'), 'utf8')).name === pkg,
  )?.name;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist'].includes(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

/** What a project's files import (`@medicalink/<name>`) and which apps its tests start. */
function scan(projectRoot: string) {
  const imports = new Set<string>();
  const started = new Set<string>();
  for (const file of sourceFiles(join(root, projectRoot))) {
    const text = readFileSync(file, 'utf8');
    for (const [, pkg] of text.matchAll(/(?:from |import\(|require\()'(@medicalink\/[a-z-]+)/g)) {
      imports.add(pkg!);
    }
    for (const [, app] of text.matchAll(/\b(?:startApp|spawnApp|start)\(\s*'([a-z-]+)'/g)) {
      if ((MEDICALINK_APPS as readonly string[]).includes(app!)) started.add(app!);
    }
  }
  return { imports, started };
}

describe('the Nx project graph', () => {
  it('has every app and lib as a project with build, test, lint and typecheck', () => {
    const roots = ['apps', 'libs'].flatMap((dir) =>
      readdirSync(join(root, dir)).map((name) => `${dir}/${name}`),
    );
    const byRoot = new Map(projects().map((p) => [p.root, p.name]));
    for (const projectRoot of [...roots, 'tools', 'e2e']) {
      const name = byRoot.get(projectRoot);
      expect(name, projectRoot).toBeDefined();
      expect(Object.keys(graph.nodes[name!]!.data.targets)).toEqual(
        expect.arrayContaining(['build', 'test', 'lint', 'typecheck']),
      );
    }
  });

  it('draws exactly the imports between projects as their static dependencies', () => {
    for (const { name, root: projectRoot } of projects()) {
      const imported = [...scan(projectRoot).imports]
        .map((pkg) => projectOfPackage(pkg))
        .filter((dep) => dep !== undefined && dep !== name);
      const drawn = (graph.dependencies[name] ?? [])
        .filter((d) => d.type !== 'implicit' && graph.nodes[d.target])
        .map((d) => d.target);

      expect({ name, deps: [...new Set(drawn)].sort() }).toEqual({
        name,
        deps: [...new Set(imported)].sort(),
      });
    }
  });

  it('has an implicit dependency on each app a project’s tests start as a process, and no other', () => {
    const system = MEDICALINK_APPS.map((app) => `@medicalink/${app}`);
    /** projects that start the whole system from MEDICALINK_APPS rather than app by app */
    const wholeSystem: Record<string, string[]> = {
      e2e: [...system, '@medicalink/cli'], // and the CLI's binary
      tools: system, // benches and chaos runs
    };
    for (const { name, root: projectRoot } of projects()) {
      const implicit = (graph.dependencies[name] ?? [])
        .filter((d) => d.type === 'implicit')
        .map((d) => d.target)
        .sort();
      const started = [...scan(projectRoot).started].map((app) => `@medicalink/${app}`);
      // libs/testing's launcher names apps without starting any in its own tests
      const expected =
        projectRoot === 'libs/testing'
          ? []
          : (wholeSystem[projectRoot] ?? started.filter((dep) => dep !== name));

      expect({ name, implicit }).toEqual({ name, implicit: [...expected].sort() });
    }
  });
});
