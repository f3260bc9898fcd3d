import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Queue name -> its type as the broker holds it (`classic`, `quorum`, `stream`); absent: no such queue. */
export type QueueTypes = Record<string, string>;

/**
 * The type the broker holds each queue as, asked of RabbitMQ itself: its management API where
 * one answers (RABBITMQ_MANAGEMENT_URL, else port 15672 of the broker's host), else
 * `rabbitmqctl list_queues name type` for a broker on this machine. A declaration that fails
 * with PRECONDITION_FAILED proves nothing (any argument that differs fails it), so when neither
 * source answers this throws rather than guess.
 */
export async function queueTypes(
  rabbitmqUrl: string,
  names: readonly string[],
  env: Record<string, string | undefined> = process.env,
): Promise<QueueTypes> {
  const url = new URL(rabbitmqUrl);
  const vhost = decodeURIComponent(url.pathname.slice(1)) || '/';
  const fromApi = await fromManagementApi(url, vhost, names, env['RABBITMQ_MANAGEMENT_URL']);
  if (fromApi) return fromApi;
  if (LOCAL_HOSTS.has(url.hostname)) {
    const fromCtl = await fromRabbitmqctl(vhost, names);
    if (fromCtl) return fromCtl;
  }
  throw new Error(
    `cannot ask RabbitMQ at ${url.host} for queue types: its management API does not answer ` +
      '(set RABBITMQ_MANAGEMENT_URL) and rabbitmqctl is not usable here',
  );
}

async function fromManagementApi(
  amqp: URL,
  vhost: string,
  names: readonly string[],
  configured: string | undefined,
): Promise<QueueTypes | undefined> {
  const base = configured ?? `http://${amqp.hostname}:15672`;
  const auth = Buffer.from(
    `${decodeURIComponent(amqp.username || 'guest')}:${decodeURIComponent(amqp.password || 'guest')}`,
  ).toString('base64');
  const types: QueueTypes = {};
  for (const name of names) {
    let response: Response;
    try {
      response = await fetch(
        `${base}/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}?columns=name,type`,
        { headers: { authorization: `Basic ${auth}` }, signal: AbortSignal.timeout(2_000) },
      );
    } catch {
      return undefined; // nothing listens there
    }
    if (response.status === 404) continue;
    if (!response.ok) return undefined;
    const queue = (await response.json()) as { type?: string };
    if (queue.type) types[name] = queue.type;
  }
  return types;
}

async function fromRabbitmqctl(
  vhost: string,
  names: readonly string[],
): Promise<QueueTypes | undefined> {
  let stdout: string;
  try {
    ({ stdout } = await run(
      'rabbitmqctl',
      ['-q', 'list_queues', '-p', vhost, 'name', 'type', '--formatter', 'json'],
      { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
    ));
  } catch {
    return undefined;
  }
  const listed = JSON.parse(stdout) as { name: string; type: string }[];
  const wanted = new Set(names);
  return Object.fromEntries(
    listed.filter((queue) => wanted.has(queue.name)).map((queue) => [queue.name, queue.type]),
  );
}
