import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { RefreshTokensController } from './refresh-tokens.controller';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { RefreshTokensService } from './refresh-tokens.service';

@Module({
  imports: [AccountsModule],
  controllers: [RefreshTokensController],
  providers: [RefreshTokensRepository, RefreshTokensService],
})
export class RefreshTokensModule {}
