import { Module } from '@nestjs/common';
import { DoctorsModule } from '../doctors/doctors.module';
import { AccountSyncController } from './account-sync.controller';

@Module({ imports: [DoctorsModule], controllers: [AccountSyncController] })
export class AccountSyncModule {}
