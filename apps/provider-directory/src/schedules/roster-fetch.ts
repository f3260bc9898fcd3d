import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { DomainError } from '@medicalink/errors';
import type { Logger } from '@medicalink/observability';
import { describeEndpoint, endpointOf, type RosterAllowList } from './roster-allow-list';
import { restrictedKind } from './restricted-addresses';
import {
  rosterAddressNotAllowed,
  rosterFetchDisabled,
  rosterHostNotAllowed,
  rosterMalformed,
  rosterTimeout,
  rosterUnreachable,
} from './schedules.errors';

export interface RosterFetchOptions {
  allow: RosterAllowList;
  timeoutMs: number;
  maxBytes: number;
  logger: Logger;
  /** resolves a host name to its addresses (the system resolver by default; tests stand in) */
  resolve?: (host: string) => Promise<LookupAddress[]>;
}

/**
 * Fetches a roster source: only an exact `host:port` of the allow-list, only to an address that
 * was checked (a name resolving to a loopback, private, link-local or metadata address needs an
 * entry naming that address), and the connection goes to that very address, so a second DNS
 * answer cannot move it (no rebinding). No redirects, bounded in time and size. What goes wrong
 * reaches the caller as a fixed sentence (the HTTP status at most), never the source's words or
 * the socket's: those go to the log.
 */
export async function fetchRoster(
  source: string,
  options: RosterFetchOptions,
): Promise<{ text: string; contentType: string }> {
  if (options.allow.isEmpty) throw rosterFetchDisabled();
  const url = new URL(source);
  const endpoint = endpointOf(url);
  const where = describeEndpoint(endpoint);
  if (!options.allow.allows(endpoint)) throw rosterHostNotAllowed(where);
  const address = await checkedAddress(url, endpoint.port, options);
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await get(url, address, signal);
    try {
      if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400) {
        throw rosterUnreachable(
          where,
          `it redirects (HTTP ${response.statusCode}); give the final URL`,
        );
      }
      if (response.statusCode !== 200) {
        throw rosterUnreachable(
          where,
          `it answered HTTP ${response.statusCode ?? 'without a status'}`,
        );
      }
      const text = await readCapped(response, options.maxBytes, where);
      return { text, contentType: String(response.headers['content-type'] ?? '') };
    } finally {
      response.destroy();
    }
  } catch (error) {
    if (signal.aborted) throw rosterTimeout(where, options.timeoutMs);
    if (error instanceof DomainError) throw error;
    options.logger.warn(
      { source: where, address: address.address, err: error },
      'roster source unreachable',
    );
    throw rosterUnreachable(where, 'it could not be reached');
  }
}

/** The address to connect to: the URL's own, or the first its name resolves to that may be used. */
async function checkedAddress(
  url: URL,
  port: number,
  options: RosterFetchOptions,
): Promise<LookupAddress> {
  const where = describeEndpoint(endpointOf(url));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: LookupAddress[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await (options.resolve ?? resolveAll)(host);
    } catch (error) {
      options.logger.warn({ source: where, err: error }, 'roster source name not resolved');
      throw rosterUnreachable(where, 'it could not be reached');
    }
  }
  const usable = addresses.find(
    ({ address }) => !restrictedKind(address) || options.allow.allowsAddress(address, port),
  );
  if (!usable) {
    const kinds = [...new Set(addresses.map(({ address }) => restrictedKind(address) ?? 'public'))];
    options.logger.warn(
      { source: where, addresses: addresses.map(({ address }) => address) },
      'roster source refused: it resolves to restricted addresses only',
    );
    throw rosterAddressNotAllowed(where, kinds);
  }
  return usable;
}

const resolveAll = (host: string) => lookup(host, { all: true, verbatim: true });

/** GET `url` from `address`: the URL's host still names the request (Host, TLS name and check). */
function get(url: URL, address: LookupAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [address]);
    else callback(null, address.address, address.family);
  };
  const options: RequestOptions = {
    method: 'GET',
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    headers: { accept: 'application/json, text/csv;q=0.9' },
    lookup: pinned,
    agent: false,
    signal,
    ...(url.username || url.password
      ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` }
      : {}),
  };
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options, resolve);
    request.once('error', reject);
    request.end();
  });
}

async function readCapped(
  response: IncomingMessage,
  maxBytes: number,
  where: string,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.length;
    // leaving the loop ends the response: a source larger than the cap is not read to its end
    if (size > maxBytes) throw rosterMalformed(where, `it is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
