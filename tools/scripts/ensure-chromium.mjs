// The browser tests drive Debian's Chromium. When /usr/bin/chromium is missing and this runs as
// root with apt-get (CI, a fresh machine of this project's kind), installs it; otherwise says how.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return 0;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    console.error(
      `ensure-chromium: ${CHROMIUM} is missing; install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
    return 1;
  }
  console.log("ensure-chromium: installing Debian's chromium for the browser tests");
  if (!run('apt-get', ['update', '-qq']) || !run('apt-get', ['install', '-y', '-qq', 'chromium'])) {
    console.error('ensure-chromium: apt-get could not install chromium');
    return 1;
  }
  return existsSync(CHROMIUM) ? 0 : 1;
}

process.exitCode = ensureChromium();
