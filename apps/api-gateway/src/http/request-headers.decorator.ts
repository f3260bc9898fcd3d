import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * All request headers (lower-case names), so a pipe can validate them:
 * `@RequestHeaders(new ZodValidationPipe(IdempotencyKeyHeaders))`.
 */
export const RequestHeaders = createParamDecorator(readRequestHeaders);

/** What @RequestHeaders reads; exported so the OpenAPI builder can tell its parameters apart. */
export function readRequestHeaders(_data: unknown, context: ExecutionContext) {
  return context.switchToHttp().getRequest<FastifyRequest>().headers;
}
