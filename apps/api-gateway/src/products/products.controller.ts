import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  CreateProductBody,
  IdempotencyKeyHeaders,
  ListProductsHttpQuery,
  ProductIdParams,
  ReplaceProductTargetBody,
} from '@medicalink/contracts';
import type { JwtClaims } from '@medicalink/contracts';
import { Access } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequestHeaders } from '../http/request-headers.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ProductsService } from './products.service';

/** Products created and read directly, without a session; admin and main only. */
@Controller('private/products')
@Access('admin', 'main')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Post()
  @HttpCode(201)
  create(
    @CurrentUser() caller: JwtClaims,
    @Body(new ZodValidationPipe(CreateProductBody)) body: CreateProductBody,
    @RequestHeaders(new ZodValidationPipe(IdempotencyKeyHeaders)) headers: IdempotencyKeyHeaders,
  ) {
    return this.products.create(caller, body, headers['idempotency-key']);
  }

  @Get()
  list(@Query(new ZodValidationPipe(ListProductsHttpQuery)) query: ListProductsHttpQuery) {
    return this.products.list(query);
  }

  /** Declared before `:id`; Fastify prefers a static segment over a parameter anyway. */
  @Get('options')
  options() {
    return this.products.options();
  }

  @Get(':id')
  get(@Param(new ZodValidationPipe(ProductIdParams)) params: ProductIdParams) {
    return this.products.get(params.id);
  }

  @Patch(':id/target')
  replaceTarget(
    @Param(new ZodValidationPipe(ProductIdParams)) params: ProductIdParams,
    @Body(new ZodValidationPipe(ReplaceProductTargetBody)) target: ReplaceProductTargetBody,
  ) {
    return this.products.replaceTarget(params.id, target);
  }
}
