import 'reflect-metadata';
import { Injectable, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RabbitMQModule, RabbitRPC } from '@golevelup/nestjs-rabbitmq';
import { GOLEVELUP_ECHO, type EchoPayload, type ServerSpec } from '../echo-spec';
import { golevelupConfig } from '../peers/golevelup-config';
import { serveEcho } from './serve';

@Injectable()
class EchoService {
  @RabbitRPC({ name: GOLEVELUP_ECHO })
  echo(payload: EchoPayload): EchoPayload {
    return payload;
  }
}

/**
 * @golevelup/nestjs-rabbitmq as its documentation shows an RPC: a @RabbitRPC handler on a
 * provider, discovered by RabbitMQModule in a Nest application context. It acks after replying.
 */
serveEcho(async (spec: ServerSpec) => {
  Logger.overrideLogger(false);
  @Module({ imports: [RabbitMQModule.forRoot(golevelupConfig(spec))], providers: [EchoService] })
  class EchoModule {}
  const app = await NestFactory.createApplicationContext(EchoModule, { logger: false });
  await app.init();
  return () => app.close();
});
