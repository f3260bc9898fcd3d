import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  DeadLetterServiceParams,
  DeadLettersQuery,
  ReplayDeadLettersBody,
  type JwtClaims,
} from '@medicalink/contracts';
import { Access } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { DeadLettersService } from './dead-letters.service';

@Controller('admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get(':service')
  @Access('admin', 'main')
  list(
    @Param(new ZodValidationPipe(DeadLetterServiceParams)) params: DeadLetterServiceParams,
    @Query(new ZodValidationPipe(DeadLettersQuery)) query: DeadLettersQuery,
  ) {
    return this.deadLetters.list(params.service, query);
  }

  @Post(':service/replay')
  @HttpCode(200)
  @Access('admin', 'main')
  replay(
    @CurrentUser() operator: JwtClaims,
    @Param(new ZodValidationPipe(DeadLetterServiceParams)) params: DeadLetterServiceParams,
    @Body(new ZodValidationPipe(ReplayDeadLettersBody)) body: ReplayDeadLettersBody = {},
  ) {
    return this.deadLetters.replay(params.service, body.messageIds, operator.sub);
  }
}
