// Runs npm scripts side by side (they are independent checks, each mostly on one core) and
// prints each one's output as a block when it ends, with its time, so the log stays readable.
// Exits 1 when any of them failed, after all have ended.
//   node tools/scripts/run-parallel.mjs format:check lint typecheck build
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  process.stderr.write('usage: run-parallel.mjs <npm script>...\n');
  process.exit(2);
}

function run(script) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code, signal) => {
      const seconds = ((performance.now() - started) / 1_000).toFixed(1);
      const ok = code === 0;
      const verdict = ok ? 'ok' : `FAILED (${signal ?? `exit ${code}`})`;
      process.stdout.write(
        `== ${script}: ${verdict} in ${seconds} s\n${output.trimEnd()}\n`.replace(/\n\n$/, '\n'),
      );
      resolve(ok);
    });
  });
}

const results = await Promise.all(scripts.map(run));
process.exit(results.every(Boolean) ? 0 : 1);
