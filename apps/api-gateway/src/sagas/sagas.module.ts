import { Module } from '@nestjs/common';
import { SagasController } from './sagas.controller';
import { SagasService } from './sagas.service';

@Module({ controllers: [SagasController], providers: [SagasService] })
export class SagasModule {}
