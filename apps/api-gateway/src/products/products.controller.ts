import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  CreateProductBody,
  IdempotencyKeyHeaders,
  ListProductsHttpQuery,
  PaginatedResponse,
  Product,
  ProductIdParams,
  ProductOptions,
  ReplaceProductTargetBody,
} from '@medicalink/contracts';
import type { JwtClaims } from '@medicalink/contracts';
import { Access } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequestHeaders } from '../http/request-headers.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ApiRoute, ApiTags, INVALID_BODY } from '../openapi/api-route.decorator';

const forbidden = { description: 'the caller is an owner' };
import { ProductsService } from './products.service';

/** Products created and read directly, without a session; admin and main only. */
@Controller('private/products')
@Access('admin', 'main')
@ApiTags('products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Post()
  @HttpCode(201)
  @ApiRoute({
    summary:
      'Create a product directly, with an open-to-all audience target (admin, main); emits product.product.created. Prices are JSON numbers 0..999999.99 with at most 2 decimals, stored exactly; an optional `Idempotency-Key` makes a retry safe',
    responses: {
      201: { description: 'the product with its target', schema: Product },
      400: { description: 'invalid body; `errors` names every invalid field' },
      403: forbidden,
      409: { description: 'the product code (compared case-insensitively) already exists' },
    },
  })
  create(
    @CurrentUser() caller: JwtClaims,
    @Body(new ZodValidationPipe(CreateProductBody)) body: CreateProductBody,
    @RequestHeaders(new ZodValidationPipe(IdempotencyKeyHeaders)) headers: IdempotencyKeyHeaders,
  ) {
    return this.products.create(caller, body, headers['idempotency-key']);
  }

  @Get()
  @ApiRoute({
    summary:
      'List products (admin, main): filters `category`, `status`, `year`, `search` (code or name); audience match `province`, `registrationClass`, `practiceArea`, `yearsInPractice`, `employmentStatus`, `employmentSector` (one integer each: products whose target criterion is null, i.e. open to all, or contains it)',
    responses: {
      200: {
        description: 'one page of products, ordered by name',
        schema: PaginatedResponse(Product),
      },
      400: { description: 'invalid query; `errors` names the parameters' },
      403: forbidden,
    },
  })
  list(@Query(new ZodValidationPipe(ListProductsHttpQuery)) query: ListProductsHttpQuery) {
    return this.products.list(query);
  }

  /** Declared before `:id`; Fastify prefers a static segment over a parameter anyway. */
  @Get('options')
  @ApiRoute({
    summary:
      'The option sets of the choice fields with their labels (admin, main): category, status, glCode and the six audience criteria, each `[{ value, label }]` in display order',
    responses: {
      200: { description: 'every option set', schema: ProductOptions },
      403: forbidden,
    },
  })
  options() {
    return this.products.options();
  }

  @Get(':id')
  @ApiRoute({
    summary: 'A product with its audience target (admin, main)',
    responses: {
      200: { description: 'the product', schema: Product },
      400: { description: 'the id is not a UUID' },
      403: forbidden,
      404: { description: 'no such product' },
    },
  })
  get(@Param(new ZodValidationPipe(ProductIdParams)) params: ProductIdParams) {
    return this.products.get(params.id);
  }

  @Patch(':id/target')
  @ApiRoute({
    summary:
      "Replace a product's audience target (admin, main): each criterion an array of integers, or null/omitted for open to all; emits product.target.replaced when it changed",
    responses: {
      200: { description: 'the product with its new target', schema: Product },
      400: INVALID_BODY,
      403: forbidden,
      404: { description: 'no such product' },
    },
  })
  replaceTarget(
    @Param(new ZodValidationPipe(ProductIdParams)) params: ProductIdParams,
    @Body(new ZodValidationPipe(ReplaceProductTargetBody)) target: ReplaceProductTargetBody,
  ) {
    return this.products.replaceTarget(params.id, target);
  }
}
