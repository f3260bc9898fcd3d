import { Module } from '@nestjs/common';
import { ProductSessionsController } from './product-sessions.controller';
import { ProductSessionsService } from './product-sessions.service';

@Module({ controllers: [ProductSessionsController], providers: [ProductSessionsService] })
export class ProductSessionsModule {}
