import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { APP_LOGGER } from '@medicalink/runtime';
import type { FastifyReply } from 'fastify';
import { currentContext, type Logger } from '@medicalink/observability';
import { toHttpError } from './http-error';
import { HttpExceptionWithHeaders } from './http-exception-with-headers';

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const operationId =
      currentContext()?.correlationId ?? String(reply.getHeader('x-correlation-id') ?? 'unknown');
    const body = toHttpError(exception, operationId);
    if (exception instanceof HttpExceptionWithHeaders) void reply.headers(exception.headers);
    if (body.statusCode >= 500) this.logger.error({ err: exception, operationId }, body.message);
    void reply.status(body.statusCode).send(body);
  }
}
