import { createHash } from 'node:crypto';

/** The namespace of MedicaLink's name-based ids (a fixed random UUID). */
const NAMESPACE = Buffer.from('5d1aa16d61f34c0e9a3b7c2e8f104b6a', 'hex');

/**
 * A UUID derived from `name` (RFC 9562 version 5: SHA-1 of a namespace and the name): the same
 * name always gives the same id. Sagas started for a request use ids named after the request,
 * so a redelivered or repeated request finds the saga (and the entity ids) it started before.
 */
export function nameBasedUuid(name: string): string {
  const bytes = createHash('sha1').update(NAMESPACE).update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC variant
  const hex = bytes.toString('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}
