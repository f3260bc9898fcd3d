import { HttpException } from '@nestjs/common';

/** An HTTP error whose reply needs headers too (`WWW-Authenticate`, `Retry-After`). */
export class HttpExceptionWithHeaders extends HttpException {
  constructor(
    status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>>,
  ) {
    super(message, status);
  }
}
