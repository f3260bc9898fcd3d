import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  AudienceTarget,
  ProductInput,
  ProductSessionParams,
  type JwtClaims,
  type ParsedAudienceTarget,
  type ParsedProductInput,
} from '@medicalink/contracts';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ProductSessionsService } from './product-sessions.service';

const BASE = 'private/products/orchestrate/session';

/** The session workflow that creates a product with its audience target, step by step. */
@Controller()
@Access('admin', 'main')
export class ProductSessionsController {
  constructor(private readonly sessions: ProductSessionsService) {}

  @Post(`${BASE}/create`)
  @HttpCode(201)
  create(@CurrentUser() caller: JwtClaims) {
    return this.sessions.create(caller);
  }

  @Post(`${BASE}/:id/product`)
  @HttpCode(200)
  addProduct(
    @CurrentUser() caller: JwtClaims,
    @Param(new ZodValidationPipe(ProductSessionParams)) params: ProductSessionParams,
    @Body(new ZodValidationPipe(ProductInput, 'Product validation failed'))
    product: ParsedProductInput,
  ) {
    return this.sessions.addProduct(caller, params.id, product);
  }

  @Post(`${BASE}/:id/audience-target`)
  @HttpCode(200)
  configureTarget(
    @CurrentUser() caller: JwtClaims,
    @Param(new ZodValidationPipe(ProductSessionParams)) params: ProductSessionParams,
    @Body(new ZodValidationPipe(AudienceTarget, 'Audience target validation failed'))
    target: ParsedAudienceTarget,
  ) {
    return this.sessions.configureTarget(caller, params.id, target);
  }

  /** A failed commit is a reply of the workflow with its own status (409, 503, ...). */
  @Post(`${BASE}/:id/commit`)
  @HttpCode(200)
  async commit(
    @CurrentUser() caller: JwtClaims,
    @Param(new ZodValidationPipe(ProductSessionParams)) params: ProductSessionParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.sessions.commit(caller, params.id);
    if (!result.success) void reply.status(result.statusCode);
    return result;
  }

  @Get(`${BASE}/:id/progress`)
  progress(
    @CurrentUser() caller: JwtClaims,
    @Param(new ZodValidationPipe(ProductSessionParams)) params: ProductSessionParams,
  ) {
    return this.sessions.progress(caller, params.id);
  }
}
