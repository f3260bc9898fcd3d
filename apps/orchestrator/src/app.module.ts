import { Module } from '@nestjs/common';

/** orchestrator: its features are added as modules here. */
@Module({})
export class AppModule {}
