import { Module } from '@nestjs/common';

/** provider-directory: its features are added as modules here. */
@Module({})
export class AppModule {}
