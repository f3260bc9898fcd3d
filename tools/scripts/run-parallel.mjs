// Runs npm scripts side by side (they are independent checks, each mostly on one core) and
// prints each one's output as a block when it ends, with its time, so the log stays readable.
// A script named after --live prints as it goes instead (a long test run someone watches), and
// the others run at a lower CPU priority: on a machine with fewer cores than busy processes the
// live run (the tests, the longest) gets the CPU first, and the checks use what it leaves while
// it waits on brokers, databases and browsers. At the end, where the machine's CPU went while
// they ran (cpu-budget.mjs; Linux). Exits 1 when any of them failed, after all have ended.
//   node tools/scripts/run-parallel.mjs check:lockfile format:check lint typecheck --live test:all
import { spawn } from 'node:child_process';
import { constants, setPriority } from 'node:os';
import { startCpuBudget } from './cpu-budget.mjs';

const args = process.argv.slice(2);
const liveAt = args.indexOf('--live');
const live = liveAt === -1 ? undefined : args[liveAt + 1];
const scripts =
  liveAt === -1 ? args : args.filter((_, index) => index !== liveAt && index !== liveAt + 1);
if (scripts.length === 0 && !live) {
  process.stderr.write('usage: run-parallel.mjs <npm script>... [--live <npm script>]\n');
  process.exit(2);
}

function verdictLine(script, started, code, signal) {
  const seconds = ((performance.now() - started) / 1_000).toFixed(1);
  const verdict = code === 0 ? 'ok' : `FAILED (${signal ?? `exit ${code}`})`;
  return `== ${script}: ${verdict} in ${seconds} s\n`;
}

/** Below normal: what npm starts for the script inherits it. */
function lowerPriority(child) {
  try {
    setPriority(child.pid, constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // not permitted here: it runs at normal priority, as before
  }
}

function run(script, { background }) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    if (background) lowerPriority(child);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code, signal) => {
      const block = `${verdictLine(script, started, code, signal)}${output.trimEnd()}\n`;
      process.stdout.write(block.replace(/\n\n$/, '\n'));
      resolve(code === 0);
    });
  });
}

function runLive(script) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: 'inherit' });
    child.on('close', (code, signal) => {
      process.stdout.write(verdictLine(script, started, code, signal));
      resolve(code === 0);
    });
  });
}

const cpuBudget = startCpuBudget();
const background = live !== undefined;
const results = await Promise.all([
  ...scripts.map((script) => run(script, { background })),
  ...(live ? [runLive(live)] : []),
]);
const budget = cpuBudget.stop();
if (budget) process.stdout.write(`${budget}\n`);
process.exit(results.every(Boolean) ? 0 : 1);
