import { Module } from '@nestjs/common';
import { RecordsModule } from '../records/records.module';
import { ReferenceModule } from '../reference/reference.module';
import { ChecksController } from './checks.controller';
import { ChecksService } from './checks.service';

@Module({
  imports: [ReferenceModule, RecordsModule],
  controllers: [ChecksController],
  providers: [ChecksService],
})
export class ChecksModule {}
