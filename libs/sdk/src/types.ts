/**
 * The gateway's HTTP shapes, written out as plain types so the published package needs neither
 * zod nor the private contracts library. contract-types.spec.ts checks each one, and what every
 * client method returns, against the zod contracts the gateway validates and documents with, so
 * they cannot drift apart.
 */
export type * from './types/accounts.js';
export type * from './types/common.js';
export type * from './types/doctors.js';
export type * from './types/education.js';
export type * from './types/events.js';
export type * from './types/operations.js';
export type * from './types/products.js';
export type * from './types/schedules.js';
