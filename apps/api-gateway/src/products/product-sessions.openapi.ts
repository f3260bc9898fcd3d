import {
  AudienceTarget,
  ProductCommitFailed,
  ProductCommitSucceeded,
  ProductInput,
  ProductSessionCreated,
  ProductSessionParams,
  ProductSessionProgress,
  ProductSessionView,
} from '@medicalink/contracts';
import type { OpenApiRoute } from '../openapi/openapi-route';

const BASE = '/private/products/orchestrate/session';
const notFound = {
  description: 'Session not found or expired (also a session of another user); `details.sessionId`',
};
const forbidden = { description: 'the caller is an owner (admin or main only)' };

/** The product session routes (admin, main). */
export const PRODUCT_SESSION_ROUTES: readonly OpenApiRoute[] = [
  {
    method: 'post',
    path: `${BASE}/create`,
    summary: 'Start a product creation session (2 h lifetime)',
    tags: ['products'],
    auth: true,
    responses: {
      201: { description: 'the new session, state `initiated`', schema: ProductSessionCreated },
      403: forbidden,
    },
  },
  {
    method: 'post',
    path: `${BASE}/:id/product`,
    summary: 'Validate and stage the product; repeatable until committed (state `product-added`)',
    tags: ['products'],
    auth: true,
    params: ProductSessionParams,
    body: ProductInput,
    responses: {
      200: { description: 'the session with the staged product', schema: ProductSessionView },
      400: { description: 'Product validation failed; `errors` names every bad field' },
      403: forbidden,
      404: notFound,
      409: {
        description:
          'the product code exists, the session is committed, or a concurrent change won (SESSION_CONFLICT)',
      },
    },
  },
  {
    method: 'post',
    path: `${BASE}/:id/audience-target`,
    summary: 'Stage the audience target (optional, repeatable; state `target-configured`)',
    tags: ['products'],
    auth: true,
    params: ProductSessionParams,
    body: AudienceTarget,
    responses: {
      200: { description: 'the session with the staged target', schema: ProductSessionView },
      400: { description: 'invalid target, or no product staged yet (PRODUCT_REQUIRED)' },
      403: forbidden,
      404: notFound,
      409: { description: 'the session is committed, or a concurrent change won' },
    },
  },
  {
    method: 'post',
    path: `${BASE}/:id/commit`,
    summary:
      'Create product and target atomically (3 attempts on retryable failures); a repeated commit answers the same success',
    tags: ['products'],
    auth: true,
    params: ProductSessionParams,
    responses: {
      200: {
        description: 'created; the session is deleted 5 s later',
        schema: ProductCommitSucceeded,
      },
      400: { description: 'no product staged yet (PRODUCT_REQUIRED)' },
      403: forbidden,
      404: notFound,
      409: {
        description: 'the product code exists: `success: false`, state `failed`',
        schema: ProductCommitFailed,
      },
      503: {
        description: 'the product service stayed unavailable: `success: false`, state `failed`',
        schema: ProductCommitFailed,
      },
    },
  },
  {
    method: 'get',
    path: `${BASE}/:id/progress`,
    summary: 'Where the session stands: state, percentage, canCommit, time left',
    tags: ['products'],
    auth: true,
    params: ProductSessionParams,
    responses: {
      200: { description: 'the progress', schema: ProductSessionProgress },
      403: forbidden,
      404: notFound,
    },
  },
];
