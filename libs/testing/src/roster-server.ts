import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RosterRoute {
  status?: number;
  contentType?: string;
  body: string;
  /** answer after this long (a slow roster source) */
  delayMs?: number;
}

/** A local HTTP server standing in for a hospital's roster source. */
export interface RosterServer {
  /** http://127.0.0.1:<port><path> */
  url(path: string, host?: string): string;
  port: number;
  route(path: string, route: RosterRoute): void;
  /** how many requests reached the path */
  hits(path: string): number;
  /** the requests that reached the path: their URL (with its query) and headers */
  requests(path: string): { url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startRosterServer(): Promise<RosterServer> {
  const routes = new Map<string, RosterRoute>();
  const received = new Map<string, { url: string; headers: IncomingHttpHeaders }[]>();
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    received.set(path, [
      ...(received.get(path) ?? []),
      { url: request.url ?? '/', headers: request.headers },
    ]);
    const route = routes.get(path);
    const answer = () => {
      if (response.destroyed) return;
      if (!route) {
        response.writeHead(404).end('no such roster');
        return;
      }
      response
        .writeHead(route.status ?? 200, { 'content-type': route.contentType ?? 'application/json' })
        .end(route.body);
    };
    if (route?.delayMs) setTimeout(answer, route.delayMs).unref();
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path, host = '127.0.0.1') => `http://${host}:${port}${path}`,
    route: (path, route) => {
      routes.set(path, route);
    },
    hits: (path) => received.get(path)?.length ?? 0,
    requests: (path) => received.get(path) ?? [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
