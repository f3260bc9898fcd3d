import { Module } from '@nestjs/common';

/** product: its features are added as modules here. */
@Module({})
export class AppModule {}
