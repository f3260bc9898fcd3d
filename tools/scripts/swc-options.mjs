// One SWC configuration for the build and for vitest, so decorator metadata and
// the @medicalink/* aliases behave the same in tests and at runtime.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function tsconfigPaths() {
  const base = JSON.parse(readFileSync(resolve(repoRoot, 'tsconfig.base.json'), 'utf8'));
  return base.compilerOptions.paths;
}

export function swcOptions() {
  return {
    sourceMaps: true,
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      baseUrl: repoRoot,
      paths: tsconfigPaths(),
    },
  };
}
