/** The gateway's shared shapes: pages, cache metadata, errors (see types.ts). */

export interface CacheMetadata {
  hit: boolean;
  ttl: number;
  degraded?: boolean;
}

export interface PaginationMetadata {
  page: number;
  limit: number;
  total: number;
  totalPages: number;
  hasNext: boolean;
  hasPrev: boolean;
}

export interface Page<T> {
  data: T[];
  meta: PaginationMetadata;
}

/** Which page of a list: `page` from 1 (default 1), `limit` 1..100 (default 20). */
export type PageQuery = { page?: number; limit?: number };

export interface CachedPage<T> extends Page<T> {
  cache: CacheMetadata;
}

/** The body of every gateway error. */
export interface GatewayErrorBody {
  statusCode: number;
  message: string;
  errors?: string[];
  details?: Record<string, unknown>;
  operationId?: string;
}

/** A failed call of one service, as a workflow step's result carries it. */
export interface ErrorEnvelope {
  code: string;
  message: string;
  status: number;
  details?: Record<string, unknown>;
  context?: Record<string, unknown>;
  retryable: boolean;
}
