import { scrypt } from 'node:crypto';
import { createServer, connect, type AddressInfo } from 'node:net';

function scryptOnce(): Promise<void> {
  return new Promise((resolve, reject) =>
    scrypt('password', 'salt-of-sixteen!', 64, { N: 1024 }, (error) =>
      error ? reject(error) : resolve(),
    ),
  );
}

/**
 * Two reference costs of the machine the bench runs on, measured before any load:
 * ratios compare rows of one run, but absolute figures (sagas/s) only compare between
 * machines, or sessions of one VM, whose reference costs match.
 */
export interface MachineSpeed {
  /** mean milliseconds of one scrypt at N=1024 (the benches' password hash cost) */
  scryptMs: number;
  /** mean microseconds of one 1-byte request/response over loopback TCP (Nagle off) */
  loopbackRoundTripUs: number;
}

async function timeScrypt(rounds: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < rounds; i += 1) {
    await scryptOnce();
  }
  return (performance.now() - started) / rounds;
}

async function timeLoopback(rounds: number): Promise<number> {
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => socket.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  try {
    return await new Promise<number>((resolve) => {
      let left = rounds;
      const started = performance.now();
      socket.on('data', () => {
        left -= 1;
        if (left > 0) socket.write('x');
        else resolve(((performance.now() - started) * 1000) / rounds);
      });
      socket.write('x');
    });
  } finally {
    socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

export async function measureMachineSpeed(): Promise<MachineSpeed> {
  await timeScrypt(5); // warm-up
  return { scryptMs: await timeScrypt(100), loopbackRoundTripUs: await timeLoopback(5_000) };
}

export function describeMachineSpeed(speed: MachineSpeed): string {
  return (
    `machine: scrypt(N=1024) ${speed.scryptMs.toFixed(2)} ms, ` +
    `loopback TCP round trip ${speed.loopbackRoundTripUs.toFixed(1)} us`
  );
}
