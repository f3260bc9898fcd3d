import { HttpException } from '@nestjs/common';
import { z } from 'zod';
import { TransportErrorCode } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import { AMBIGUOUS_CODES, RpcError, toEnvelope } from '@medicalink/messaging';

/** The one error body every gateway error has, whatever failed and wherever. */
export interface HttpErrorBody {
  statusCode: number;
  message: string;
  errors?: string[];
  details?: Record<string, unknown>;
  operationId: string;
}

const UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  TransportErrorCode.ServiceUnavailable,
  TransportErrorCode.CircuitOpen,
  ...AMBIGUOUS_CODES,
]);

/** Maps anything thrown while serving a request to a status and body. Never leaks a stack. */
export function toHttpError(error: unknown, operationId: string): HttpErrorBody {
  if (error instanceof HttpException) return fromHttpException(error, operationId);
  if (error instanceof RpcError) return fromRpcError(error, operationId);
  // raised by the gateway itself (a rule it checks before any RPC): mapped like a service's
  if (error instanceof DomainError)
    return fromRpcError(new RpcError(toEnvelope(error)), operationId);
  if (error instanceof z.ZodError) {
    return { statusCode: 400, message: 'Validation failed', errors: zodErrors(error), operationId };
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      statusCode: status,
      message: fastifyMessage(error as Error & { code?: string }, status),
      operationId,
    };
  }
  return { statusCode: 500, message: 'Internal server error', operationId };
}

/** One `field: problem` entry per issue; an unknown field of a strict object is named too. */
export function zodErrors(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${path ? `${path}.` : ''}${key}: is not an accepted field`);
    }
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

function fromHttpException(error: HttpException, operationId: string): HttpErrorBody {
  const statusCode = error.getStatus();
  const response = error.getResponse();
  if (typeof response === 'string') return { statusCode, message: response, operationId };
  const { message, errors, details } = response as {
    message?: unknown;
    errors?: unknown;
    details?: unknown;
  };
  const body: HttpErrorBody = {
    statusCode,
    message: Array.isArray(message)
      ? 'Validation failed'
      : typeof message === 'string'
        ? message
        : error.message,
    operationId,
  };
  if (Array.isArray(errors)) body.errors = errors.map(String);
  else if (Array.isArray(message)) body.errors = message.map(String);
  if (details && typeof details === 'object') body.details = details as Record<string, unknown>;
  return body;
}

function fromRpcError(error: RpcError, operationId: string): HttpErrorBody {
  const { envelope } = error;
  // Which operation failed (a saga, a session) is said whatever the cause.
  const context = { code: envelope.code, ...envelope.context };
  if (UNAVAILABLE_CODES.has(envelope.code) || envelope.status === 503) {
    return { statusCode: 503, message: envelope.message, details: context, operationId };
  }
  if (envelope.status >= 500) {
    // Internal messages of other services may name tables or hosts: keep them in their logs.
    return { statusCode: 500, message: 'Internal server error', details: context, operationId };
  }
  const body: HttpErrorBody = {
    statusCode: envelope.status,
    message: envelope.message,
    details: { ...envelope.details, ...context },
    operationId,
  };
  const issues = envelope.details?.['issues'];
  const field = envelope.details?.['field'];
  if (envelope.status === 400 && typeof field === 'string') {
    // A service's own check of one field (an unknown hospital id, say) reads like validation.
    body.errors = [`${field}: ${envelope.message}`];
  }
  if (envelope.code === TransportErrorCode.ValidationFailed && Array.isArray(issues)) {
    body.errors = issues.map((issue: { path?: string; message?: string }) =>
      issue.path ? `${issue.path}: ${issue.message}` : String(issue.message),
    );
    // The issues are in `errors`; of the details only the failed operation's context is kept.
    if (envelope.context) body.details = context;
    else delete body.details;
  }
  return body;
}

function fastifyMessage(error: Error & { code?: string }, status: number): string {
  if (status === 413) return 'Request body is too large';
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return `Malformed JSON body: ${error.message}`;
  }
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'Malformed JSON body: the body is empty';
  return error.message;
}
