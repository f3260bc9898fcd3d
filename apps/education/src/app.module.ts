import { Module, type DynamicModule } from '@nestjs/common';
import { ChecksModule } from './checks/checks.module';
import { ClockModule, type Clock } from './clock/clock';
import { RecordsModule } from './records/records.module';
import { ReferenceModule } from './reference/reference.module';

@Module({})
export class AppModule {
  static register(options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [ClockModule.forRoot(options.clock), ReferenceModule, ChecksModule, RecordsModule],
    };
  }
}
