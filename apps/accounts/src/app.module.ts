import { Module } from '@nestjs/common';

/** accounts: its features are added as modules here. */
@Module({})
export class AppModule {}
