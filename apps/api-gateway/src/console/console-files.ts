import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';

/** The placeholder the console's build puts wherever a CSP nonce belongs (its vite config). */
export const CSP_NONCE_PLACEHOLDER = 'MEDICALINK_CSP_NONCE';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface ConsoleFile {
  body: Buffer;
  /** precompressed by the build, when it made them */
  gzip?: Buffer;
  br?: Buffer;
  type: string;
  etag: string;
  /** content-hashed names under assets/ never change */
  immutable: boolean;
}

export interface ConsoleBuild {
  dir: string;
  /** by URL path below /console/, e.g. `assets/index-abc.js` */
  files: Map<string, ConsoleFile>;
  /** index.html with the nonce placeholder, filled per response */
  indexTemplate: string;
}

/**
 * The console's built files, read once at start into memory (a few hundred KB): served from a
 * map of known names, so no request path ever reaches the file system.
 */
export function loadConsoleBuild(dir: string): ConsoleBuild {
  const files = new Map<string, ConsoleFile>();
  for (const path of walk(dir)) {
    if (path.endsWith('.gz') || path.endsWith('.br')) continue;
    const name = relative(dir, path).split(sep).join('/');
    const type = TYPES[extname(path)];
    if (!type || name === 'index.html') continue;
    const body = readFileSync(path);
    const file: ConsoleFile = {
      body,
      type,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      immutable: name.startsWith('assets/'),
    };
    if (existsSync(`${path}.gz`)) file.gzip = readFileSync(`${path}.gz`);
    if (existsSync(`${path}.br`)) file.br = readFileSync(`${path}.br`);
    files.set(name, file);
  }
  return { dir, files, indexTemplate: readFileSync(join(dir, 'index.html'), 'utf8') };
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Where the console's build is: the directory given, else apps/web/dist found by walking up
 * from this file (the repository in development, /app in the container image).
 */
export function findConsoleDir(given: string | undefined, from = __dirname): string | undefined {
  if (given) return existsSync(join(given, 'index.html')) ? resolve(given) : undefined;
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'apps', 'web', 'dist');
    if (existsSync(join(candidate, 'index.html')) && statSync(candidate).isDirectory())
      return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
