import { Module } from '@nestjs/common';

/** education: its features are added as modules here. */
@Module({})
export class AppModule {}
