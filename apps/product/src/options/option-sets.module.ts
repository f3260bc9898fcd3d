import { Module } from '@nestjs/common';
import { OptionSetsController } from './option-sets.controller';
import { OptionSetsRepository } from './option-sets.repository';
import { OptionSetsService } from './option-sets.service';

@Module({
  controllers: [OptionSetsController],
  providers: [OptionSetsRepository, OptionSetsService],
  exports: [OptionSetsService],
})
export class OptionSetsModule {}
