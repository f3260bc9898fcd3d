import { isIP } from 'node:net';
import { z } from 'zod';

/** Where a roster source URL connects: its host as a URL writes it (IPv6 in brackets), and port. */
export interface RosterEndpoint {
  host: string;
  port: number;
}

/**
 * The roster sources provider-directory may fetch (ROSTER_SOURCE_ALLOW): exact `host:port`
 * entries. A host name matches only itself on that port; an address entry (`10.0.0.7:8080`)
 * also lets a name resolving to that restricted address be fetched on that port.
 */
export class RosterAllowList {
  private readonly entries: ReadonlySet<string>;

  constructor(entries: readonly RosterEndpoint[]) {
    this.entries = new Set(entries.map(key));
  }

  get isEmpty(): boolean {
    return this.entries.size === 0;
  }

  allows(endpoint: RosterEndpoint): boolean {
    return this.entries.has(key(endpoint));
  }

  /** Whether an entry names `address` (as the resolver gives it) on `port`. */
  allowsAddress(address: string, port: number): boolean {
    const host = isIP(address) === 6 ? `[${address}]` : address;
    return this.allows(canonical(host, port));
  }
}

/** The endpoint a URL connects to: an absent port is the scheme's (80 or 443). */
export function endpointOf(url: URL): RosterEndpoint {
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return canonical(url.hostname, port);
}

/** The endpoint as a message may name it: `host:port`, nothing of path, query or credentials. */
export const describeEndpoint = ({ host, port }: RosterEndpoint) => `${host}:${port}`;

const key = (endpoint: RosterEndpoint) => describeEndpoint(endpoint);

/** Host spelled as a URL parser spells it (lower case, IPv4 and IPv6 normalized), no trailing dot. */
function canonical(host: string, port: number): RosterEndpoint {
  return { host: new URL(`http://${host}`).hostname.replace(/\.$/, ''), port };
}

const ENTRY = /^(\[[0-9a-fA-F:.]+\]|[^\s:/?#@[\]]+):(\d{1,5})$/;

/** ROSTER_SOURCE_ALLOW: comma-separated `host:port` entries; empty (the default) allows nothing. */
export const rosterAllowListSchema = z
  .string()
  .default('')
  .transform((text, context) => {
    const entries: RosterEndpoint[] = [];
    for (const entry of text
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const match = ENTRY.exec(entry);
      const port = Number(match?.[2]);
      let endpoint: RosterEndpoint | undefined;
      try {
        endpoint =
          match?.[1] && port >= 1 && port <= 65_535 ? canonical(match[1], port) : undefined;
      } catch {
        endpoint = undefined;
      }
      if (!endpoint) {
        context.addIssue({
          code: 'custom',
          message: `entry "${entry}" must be host:port (a name or an address, and a port from 1 to 65535; IPv6 as [address]:port)`,
        });
        continue;
      }
      entries.push(endpoint);
    }
    return new RosterAllowList(entries);
  });
