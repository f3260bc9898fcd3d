import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { zodErrors } from './http-error';

/**
 * Validates (and normalizes) a body, params, query or headers object with a
 * zod contract: `@Body(new ZodValidationPipe(CreateAccountBody))`. A failure is
 * a 400 with one `errors` entry per problem, each naming its field, under `message`
 * (default "Validation failed").
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly message = 'Validation failed',
  ) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value);
    if (!result.success) {
      throw new BadRequestException({
        message: this.message,
        errors: zodErrors(result.error),
      });
    }
    return result.data;
  }
}
