import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * All request headers (lower-case names), so a pipe can validate them:
 * `@RequestHeaders(new ZodValidationPipe(IdempotencyKeyHeaders))`.
 */
export const RequestHeaders = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    context.switchToHttp().getRequest<FastifyRequest>().headers,
);
