// Gives every project of the workspace (each apps/*, libs/*, tools and e2e package.json) the
// same four Nx targets, so a new project needs nothing but its package.json (name, nx.tags):
//   build      SWC into dist/<root>, after the projects it imports (^build)
//   typecheck  tsc over the project's files, with the repository's tsconfig.json
//   lint       ESLint with the module-boundary rule, 0 warnings
//   test       its *.spec.ts and *.int-spec.ts (e2e: the e2e tier), after its build
// A project that needs something else overrides a target in its package.json "nx.targets"
// (those win over what this plugin infers), e.g. a Vite app's build.
const { dirname } = require('node:path');

const ROOT_CONFIG = [
  '{workspaceRoot}/tsconfig.base.json',
  '{workspaceRoot}/tsconfig.json',
  '{workspaceRoot}/package-lock.json',
];

function targetsFor(root) {
  const isE2e = root === 'e2e';
  return {
    build: {
      command: `node tools/scripts/build.mjs ${root}`,
      cache: true,
      // SWC compiles file by file: a project's build needs no other project built first
      // its own test/ helpers are compiled too (processes some tests start)
      inputs: [
        'default',
        '^production',
        '{workspaceRoot}/tools/scripts/build.mjs',
        '{workspaceRoot}/tools/scripts/swc-options.mjs',
        '{workspaceRoot}/tsconfig.base.json',
      ],
      outputs: [`{workspaceRoot}/dist/${root}`],
    },
    typecheck: {
      command: `node tools/scripts/typecheck.mjs ${root}`,
      cache: true,
      inputs: [
        'default',
        '^production',
        '{workspaceRoot}/tools/scripts/typecheck.mjs',
        ...ROOT_CONFIG,
      ],
    },
    lint: {
      command: `eslint ${root} --max-warnings 0`,
      cache: true,
      inputs: ['default', '^production', '{workspaceRoot}/eslint.config.mjs', ...ROOT_CONFIG],
    },
    test: {
      command: isE2e
        ? 'vitest run --project e2e'
        : `vitest run --project unit --project integration --passWithNoTests ${root}/`,
      cache: true,
      // Integration and e2e tests run compiled code (dist/): the app under test, the apps it
      // starts, and every library those import. Builds are quick and cached, so every test
      // depends on all of them rather than on a closure that libs/testing's cycle with the
      // libraries it tests (their tests import it, it imports them) would make circular.
      dependsOn: [{ projects: '*', target: 'build' }],
      inputs: ['default', '^production', '{workspaceRoot}/vitest.config.ts', ...ROOT_CONFIG],
    },
  };
}

const createNodesFunction = async (configFiles) =>
  configFiles.map((file) => {
    const root = dirname(file);
    return [file, { projects: { [root]: { targets: targetsFor(root) } } }];
  });

const pattern = '{apps/*,libs/*,tools,e2e}/package.json';
module.exports = {
  name: 'medicalink-targets',
  createNodes: [pattern, createNodesFunction],
  createNodesV2: [pattern, createNodesFunction],
};
