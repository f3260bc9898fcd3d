import { createHash } from 'node:crypto';

type Json = Record<string, unknown>;
interface Ref {
  $ref: string;
}

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem 2rem;color:#1b1f24}
h1{margin-bottom:0}h2{border-bottom:1px solid #d0d7de;margin-top:2.5rem}h3{margin:1.5rem 0 .25rem}
code,pre{font:13px/1.4 ui-monospace,monospace}pre{background:#f6f8fa;padding:.75rem;overflow:auto}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
.meta{color:#57606a}nav ul{columns:2}details{margin:.25rem 0}summary{cursor:pointer}
`;

/** The Content-Security-Policy of the page: no script at all, its one inline style by hash. */
export const ASYNCAPI_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
const anchor = (text: string) => text.replace(/[^\w.-]/g, '-');

/**
 * The AsyncAPI document as a page people read: RPCs by service with their request and reply,
 * events with who consumes them, the queues with their arguments and bindings. Server-side
 * HTML and CSS only, so it works under a CSP that allows no script.
 */
export function renderAsyncApiPage(doc: Json): string {
  const info = doc['info'] as { title: string; version: string; description: string };
  const channels = doc['channels'] as Record<string, Json>;
  const operations = doc['operations'] as Record<string, Json>;
  const components = doc['components'] as {
    schemas: Record<string, Json>;
    messages: Record<string, Json>;
  };
  const resolve = (value: unknown): Json => {
    let current = value as Json;
    while (current && typeof current['$ref'] === 'string') {
      const path = current['$ref'].replace(/^#\//, '').split('/');
      current = path.reduce<Json>((node, key) => node[key] as Json, doc);
    }
    return current;
  };
  const schemaBlock = (label: string, schema: unknown) =>
    `<details><summary>${escape(label)}</summary><pre>${escape(
      JSON.stringify(resolve(schema), null, 2),
    )}</pre></details>`;

  const rpcs = Object.entries(operations).filter(([, op]) => op['reply']);
  const services = [...new Set(rpcs.map(([, op]) => (op['channel'] as Ref).$ref.split('/')[2]!))];
  const rpcSection = services
    .map((channelId) => {
      const channel = channels[channelId]!;
      const rows = rpcs
        .filter(([, op]) => (op['channel'] as Ref).$ref.endsWith(`/${channelId}`))
        .map(([pattern, op]) => {
          const request = resolve((op['messages'] as Ref[])[0]);
          const reply = resolve(((op['reply'] as Json)['messages'] as Ref[])[0]);
          const success = (reply['payload'] as { oneOf: Json[] }).oneOf[0]!;
          const data = (success['properties'] as Json)['data'];
          return `<h3 id="${anchor(pattern)}"><code>${escape(pattern)}</code></h3>
${schemaBlock('request', request['payload'])}${schemaBlock('reply data (else an error envelope)', data)}`;
        })
        .join('\n');
      return `<h2 id="${anchor(channelId)}">${escape(String(channel['title']))}</h2>
<p class="meta">queue <code>${escape(String(channel['address']))}</code>. ${escape(String(channel['description']))}</p>
${rows}`;
    })
    .join('\n');

  const exchange = channels['events']!;
  const consumers = (event: string) =>
    Object.entries(operations)
      .filter(([name, op]) => op['action'] === 'receive' && name.endsWith(`.consume.${event}`))
      .map(([name]) => name.split('.consume.')[0]!);
  const eventSection = Object.keys(exchange['messages'] as Json)
    .map((event) => {
      const message = components.messages[event.replace(/[^\w.-]/g, '_')]!;
      const who = consumers(event);
      return `<h3 id="event-${anchor(event)}"><code>${escape(event)}</code></h3>
<p class="meta">consumed by ${who.length > 0 ? who.map(escape).join(', ') : 'no service yet'}</p>
${schemaBlock('payload', message['payload'])}`;
    })
    .join('\n');

  const queueRows = Object.values(channels)
    .filter(
      (channel) => (channel['bindings'] as { amqp?: Json } | undefined)?.amqp?.['is'] === 'queue',
    )
    .map((channel) => {
      const amqp = (channel['bindings'] as { amqp: Json }).amqp;
      const args = amqp['x-arguments'] as Json;
      const bindings = (amqp['x-bindings'] as { routingKey: string }[] | undefined) ?? [];
      return `<tr><td><code>${escape(String(channel['address']))}</code></td><td>${escape(
        String(channel['title']),
      )}</td><td><code>${escape(JSON.stringify(args))}</code></td><td>${bindings
        .map((b) => `<code>${escape(b.routingKey)}</code>`)
        .join(' ')}</td></tr>`;
    })
    .join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(info.title)} ${escape(info.version)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escape(info.title)}</h1>
<p class="meta">AsyncAPI ${escape(String(doc['asyncapi']))}, version ${escape(info.version)}. Raw document:
<a href="/docs/asyncapi.yaml">YAML</a>, <a href="/docs/asyncapi.json">JSON</a>.</p>
<p>${escape(info.description)}</p>
</header>
<nav aria-label="Contents"><ul>
${services.map((id) => `<li><a href="#${anchor(id)}">${escape(String(channels[id]!['title']))}</a></li>`).join('\n')}
<li><a href="#events">Events</a></li><li><a href="#queues">Queues</a></li>
</ul></nav>
<main>
<p>Every RPC replies <code>{ "ok": true, "data": … }</code> or <code>{ "ok": false, "error": … }</code>
on the caller's reply-to, matched by correlation id.</p>
${schemaBlock('error envelope', components.schemas['RpcErrorReply'])}
${rpcSection}
<h2 id="events">Events</h2>
<p class="meta">exchange <code>${escape(String(exchange['address']))}</code> (topic, routing key = event name). ${escape(String(exchange['description']))}</p>
${eventSection}
<h2 id="queues">Queues</h2>
<table><thead><tr><th>queue</th><th>what</th><th>arguments</th><th>bound to the events exchange by</th></tr></thead>
<tbody>
${queueRows}
</tbody></table>
</main>
</body>
</html>
`;
}
