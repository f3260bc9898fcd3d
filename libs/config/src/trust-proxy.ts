import { isIP } from 'node:net';
import { z } from 'zod';

/** The widest ranges TRUST_PROXY takes: a wider one trusts addresses no proxy of yours has. */
export const WIDEST_TRUSTED_PREFIX = { ipv4: 8, ipv6: 32 } as const;

const NO_PROXY = ['false', 'no', 'off', ''];
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
/** ::ffff:0:0/96 is every IPv4 address seen through IPv6, so its /8 is a /104 */
const IPV4_MAPPED = /^::ffff:(?:[0-9.]+|[0-9a-f]{1,4}:[0-9a-f]{1,4})$/i;

/** What is wrong with one TRUST_PROXY entry, or undefined when it names proxies narrowly enough. */
export function trustProxyEntryProblem(entry: string): string | undefined {
  if (NAMED_RANGES.includes(entry)) return undefined;
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return `"${entry}" is not an IP address, a CIDR or a named range`;
  if (slash === -1) return undefined;
  const prefixText = entry.slice(slash + 1);
  const maxPrefix = family === 4 ? 32 : 128;
  const prefix = /^[0-9]{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= maxPrefix)) {
    return `"${entry}" has a prefix length that is not 0..${maxPrefix}`;
  }
  if (family === 4 && prefix < WIDEST_TRUSTED_PREFIX.ipv4) {
    return `"${entry}" is wider than /${WIDEST_TRUSTED_PREFIX.ipv4}: IPv4 ranges must be /${WIDEST_TRUSTED_PREFIX.ipv4} or narrower`;
  }
  if (family === 6 && IPV4_MAPPED.test(address) && prefix < 96 + WIDEST_TRUSTED_PREFIX.ipv4) {
    return `"${entry}" is wider than /${96 + WIDEST_TRUSTED_PREFIX.ipv4}: an IPv4-mapped range spans IPv4 addresses and must be /${96 + WIDEST_TRUSTED_PREFIX.ipv4} or narrower`;
  }
  if (family === 6 && prefix < WIDEST_TRUSTED_PREFIX.ipv6) {
    return `"${entry}" is wider than /${WIDEST_TRUSTED_PREFIX.ipv6}: IPv6 ranges must be /${WIDEST_TRUSTED_PREFIX.ipv6} or narrower`;
  }
  return undefined;
}

/**
 * TRUST_PROXY: `false` (default: the peer address is the client) or a comma-separated list of
 * the proxies' addresses or CIDRs (`10.0.0.5,10.1.0.0/16`, also `loopback`). Fastify then takes
 * the client address from X-Forwarded-For only through those hops. Refused: `true` (every hop
 * trusted: the left-most, client-written address would become the client's), hop counts
 * (they cannot check who the immediate peer is; Fastify 5.12 ignores them) and ranges wider
 * than /8 (IPv4) or /32 (IPv6): `0.0.0.0/1,128.0.0.0/1` is `true` by another name.
 */
export const trustProxySchema = z
  .string()
  .trim()
  .default('false')
  .superRefine((value, ctx) => {
    const lower = value.toLowerCase();
    if (['true', 'yes', 'on'].includes(lower)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must not be true (it trusts a client-written X-Forwarded-For): give the proxy addresses',
      });
    } else if (/^[0-9]+$/.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must not be a hop count (it cannot tell a proxy from a client): give the proxy addresses',
      });
    } else if (!NO_PROXY.includes(lower)) {
      for (const entry of value.split(',').map((part) => part.trim())) {
        const problem = trustProxyEntryProblem(entry);
        if (problem) {
          ctx.addIssue({
            code: 'custom',
            message: `must be false or a comma-separated list of proxy addresses or CIDRs: ${problem}`,
          });
        }
      }
    }
  })
  .transform((value): false | string[] =>
    NO_PROXY.includes(value.toLowerCase()) ? false : value.split(',').map((entry) => entry.trim()),
  );
