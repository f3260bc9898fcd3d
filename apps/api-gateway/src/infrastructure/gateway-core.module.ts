import { Global, Module } from '@nestjs/common';
import { GatewayRedis } from './redis.provider';

/** The gateway's Redis connection, injectable in every feature module. */
@Global()
@Module({ providers: [GatewayRedis], exports: [GatewayRedis] })
export class GatewayCoreModule {}
