import { z } from 'zod';
import { Uuid } from '../common/fields';
import { AudienceTarget, ListProductsQuery, ProductInput } from '../product/product.rpc';

/** POST /private/products: direct creation (the product gets an open-to-all target). */
export const CreateProductBody = ProductInput;
export type CreateProductBody = z.output<typeof CreateProductBody>;

/** PATCH /private/products/:id/target: the whole new target; an omitted criterion is open to all. */
export const ReplaceProductTargetBody = AudienceTarget;
export type ReplaceProductTargetBody = z.output<typeof ReplaceProductTargetBody>;

/** GET /private/products: the product service's list request, unchanged. */
export const ListProductsHttpQuery = ListProductsQuery;
export type ListProductsHttpQuery = z.output<typeof ListProductsHttpQuery>;

export const ProductIdParams = z.object({ id: Uuid });
export type ProductIdParams = z.infer<typeof ProductIdParams>;
