import type {
  AudienceTarget,
  ListProductsQuery,
  Page,
  Product,
  ProductCommitResult,
  ProductInput,
  ProductOptions,
  ProductSession,
  ProductSessionCreated,
  ProductSessionProgress,
} from '../types.js';
import {
  creating,
  id,
  type CreateOptions,
  type OperationOptions,
  type RouteCall,
} from './route.js';

const SESSIONS = '/private/products/orchestrate/session';

/** Products: the session workflow, and direct creation and reads. */
export function productRoutes(call: RouteCall) {
  return {
    createProductSession: (options?: OperationOptions) =>
      call<ProductSessionCreated>(
        'createProductSession',
        { method: 'POST', path: `${SESSIONS}/create` },
        options,
      ),

    addSessionProduct: (sessionId: string, product: ProductInput, options?: OperationOptions) =>
      call<ProductSession>(
        'addSessionProduct',
        { method: 'POST', path: `${SESSIONS}/${id(sessionId)}/product`, body: product },
        options,
      ),

    addSessionTarget: (sessionId: string, target: AudienceTarget, options?: OperationOptions) =>
      call<ProductSession>(
        'addSessionTarget',
        { method: 'POST', path: `${SESSIONS}/${id(sessionId)}/audience-target`, body: target },
        options,
      ),

    commitSession: (sessionId: string, options?: OperationOptions) =>
      call<ProductCommitResult>(
        'commitSession',
        { method: 'POST', path: `${SESSIONS}/${id(sessionId)}/commit` },
        options,
      ),

    getSessionProgress: (sessionId: string, options?: OperationOptions) =>
      call<ProductSessionProgress>(
        'getSessionProgress',
        { method: 'GET', path: `${SESSIONS}/${id(sessionId)}/progress` },
        options,
      ),

    /** POST /private/products: direct creation (open-to-all target), under an Idempotency-Key. */
    createProduct: (body: ProductInput, options?: CreateOptions) =>
      call<Product>(
        'createProduct',
        creating({ method: 'POST', path: '/private/products', body }, options),
        options,
      ),

    getProduct: (productId: string, options?: OperationOptions) =>
      call<Product>(
        'getProduct',
        { method: 'GET', path: `/private/products/${id(productId)}` },
        options,
      ),

    replaceProductTarget: (productId: string, target: AudienceTarget, options?: OperationOptions) =>
      call<Product>(
        'replaceProductTarget',
        { method: 'PATCH', path: `/private/products/${id(productId)}/target`, body: target },
        options,
      ),

    /** GET /private/products/options: the labels of every choice field's values. */
    getProductOptions: (options?: OperationOptions) =>
      call<ProductOptions>(
        'getProductOptions',
        { method: 'GET', path: '/private/products/options' },
        options,
      ),

    listProducts: (query: ListProductsQuery = {}, options?: OperationOptions) =>
      call<Page<Product>>(
        'listProducts',
        { method: 'GET', path: '/private/products', query: { ...query } },
        options,
      ),
  };
}
