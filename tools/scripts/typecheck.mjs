// Type-checks the files of some project roots with the repository's tsconfig.json (each Nx
// typecheck target): `node tools/scripts/typecheck.mjs libs/cache`. The files a project
// imports from other projects are read for their types; their own errors are theirs to report.
// `npm run typecheck` checks everything at once.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import ts from 'typescript';
import { repoRoot } from './swc-options.mjs';

const roots = process.argv.slice(2).map((root) => resolve(repoRoot, root));
if (roots.length === 0) {
  console.error('usage: node tools/scripts/typecheck.mjs <project root>...');
  process.exit(2);
}
const inProject = (file) => roots.some((root) => !relative(root, file).startsWith('..'));

const config = ts.getParsedCommandLineOfConfigFile(
  resolve(repoRoot, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  },
);
const files = config.fileNames.filter(inProject);
// Module augmentations (`declare module 'vitest'` for inject()) hold for the whole repository
// in `npm run typecheck`; they are part of every project's program too.
const augmentations = config.fileNames.filter(
  (file) => !inProject(file) && /^declare module '/m.test(readFileSync(file, 'utf8')),
);
const program = ts.createProgram([...files, ...augmentations], config.options);
const diagnostics = [
  ...program.getOptionsDiagnostics(),
  ...program.getGlobalDiagnostics(),
  ...files.flatMap((file) => ts.getPreEmitDiagnostics(program, program.getSourceFile(file))),
];
const unique = [
  ...new Map(diagnostics.map((d) => [`${d.file?.fileName}:${d.start}:${d.code}`, d])).values(),
];
if (unique.length > 0) {
  console.error(
    ts.formatDiagnosticsWithColorAndContext(unique, {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => repoRoot,
      getNewLine: () => '\n',
    }),
  );
  process.exit(1);
}
console.log(`typecheck: ${files.length} files of ${process.argv.slice(2).join(', ')}, no errors`);
