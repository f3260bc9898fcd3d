import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ListSagasQuery, SagaIdParams, type JwtClaims } from '@medicalink/contracts';
import { Access } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { SagasService } from './sagas.service';

@Controller('sagas')
export class SagasController {
  constructor(private readonly sagas: SagasService) {}

  @Get()
  @Access('admin', 'main')
  list(@Query(new ZodValidationPipe(ListSagasQuery)) query: ListSagasQuery) {
    return this.sagas.list(query);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @Access('admin', 'main')
  retry(
    @CurrentUser() operator: JwtClaims,
    @Param(new ZodValidationPipe(SagaIdParams)) params: SagaIdParams,
  ) {
    return this.sagas.retry(params.id, operator.sub);
  }
}
