import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ListSagasQuery,
  PaginatedResponse,
  RetrySagaResponse,
  SagaIdParams,
  SagaListItem,
  type JwtClaims,
} from '@medicalink/contracts';
import { Access } from '../auth/access.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ApiRoute, ApiTags } from '../openapi/api-route.decorator';
import { SagasService } from './sagas.service';

@Controller('sagas')
@ApiTags('sagas', 'operations')
export class SagasController {
  constructor(private readonly sagas: SagasService) {}

  @Get()
  @Access('admin', 'main')
  @ApiRoute({
    summary:
      'Sagas of any type, newest first, filtered by state, type and creation time in [from, to) (admin, main)',
    responses: {
      200: { description: 'a page of sagas', schema: PaginatedResponse(SagaListItem) },
      400: { description: 'invalid filter; `errors` names the parameters' },
    },
  })
  list(@Query(new ZodValidationPipe(ListSagasQuery)) query: ListSagasQuery) {
    return this.sagas.list(query);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @Access('admin', 'main')
  @ApiRoute({
    summary:
      'Resume the compensation of a compensation_failed saga once its cause is fixed; the journal records who and when (admin, main)',
    responses: {
      202: { description: 'compensation resumes in the background', schema: RetrySagaResponse },
      404: { description: 'no such saga' },
      409: {
        description: 'the saga is not compensation_failed, or another saga holds its business key',
      },
    },
  })
  retry(
    @CurrentUser() operator: JwtClaims,
    @Param(new ZodValidationPipe(SagaIdParams)) params: SagaIdParams,
  ) {
    return this.sagas.retry(params.id, operator.sub);
  }
}
