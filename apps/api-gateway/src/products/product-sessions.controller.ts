import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  AudienceTarget,
  ProductCommitFailed,
  ProductCommitSucceeded,
  ProductInput,
  ProductSessionCreated,
  ProductSessionParams,
  ProductSessionProgress,
  ProductSessionView,
  type JwtClaims,
  type ParsedAudienceTarget,
  type ParsedProductInput,
} from '@medicalink/contracts';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ApiRoute, ApiTags } from '../openapi/api-route.decorator';
import { ProductSessionsService } from './product-sessions.service';

const BASE = 'private/products/orchestrate/session';
const notFound = {
  description: 'Session not found or expired (also a session of another user); `details.sessionId`',
};
const forbidden = { description: 'the caller is an owner (admin or main only)' };

/** The session workflow that creates a product with its audience target, step by step. */
@Controller()
@Access('admin', 'main')
@ApiTags('products')
export class ProductSessionsController {
  constructor(private readonly sessions: ProductSessionsService) {}

  @Post(`${BASE}/create`)
  @HttpCode(201)
  @ApiRoute({
    summary: 'Start a product creation session (2 h lifetime)',
    responses: {
      201: { description: 'the new session, state `initiated`', schema: ProductSessionCreated },
      403: forbidden,
    },
  })
  create(@CurrentUser() caller: JwtClaims) {
    return this.sessions.create(caller);
  }

  @Post(`${BASE}/:id/product`)
  @HttpCode(200)
  @ApiRoute({
    summary: 'Validate and stage the product; repeatable until committed (state `product-added`)',
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
  })
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
  @ApiRoute({
    summary: 'Stage the audience target (optional, repeatable; state `target-configured`)',
    responses: {
      200: { description: 'the session with the staged target', schema: ProductSessionView },
      400: { description: 'invalid target, or no product staged yet (PRODUCT_REQUIRED)' },
      403: forbidden,
      404: notFound,
      409: { description: 'the session is committed, or a concurrent change won' },
    },
  })
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
  @ApiRoute({
    summary:
      'Create product and target atomically (3 attempts on retryable failures); a repeated commit answers the same success',
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
  })
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
  @ApiRoute({
    summary: 'Where the session stands: state, percentage, canCommit, time left',
    responses: {
      200: { description: 'the progress', schema: ProductSessionProgress },
      403: forbidden,
      404: notFound,
    },
  })
  progress(
    @CurrentUser() caller: JwtClaims,
    @Param(new ZodValidationPipe(ProductSessionParams)) params: ProductSessionParams,
  ) {
    return this.sessions.progress(caller, params.id);
  }
}
