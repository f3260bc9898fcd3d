import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AmqpConnection, RabbitMQModule } from '@golevelup/nestjs-rabbitmq';
import { GOLEVELUP_ECHO, type EchoPayload } from '../echo-spec';
import { golevelupConfig } from '../peers/golevelup-config';
import { checkEcho, echoRequest, type ConnectEchoClient } from './echo-client';

/** @golevelup/nestjs-rabbitmq as an app calls an RPC: AmqpConnection.request, from Nest's DI. */
export const connectEchoClient: ConnectEchoClient = async (spec) => {
  Logger.overrideLogger(false);
  @Module({ imports: [RabbitMQModule.forRoot({ ...golevelupConfig(spec), handlers: {} })] })
  class ClientModule {}
  const app = await NestFactory.createApplicationContext(ClientModule, { logger: false });
  await app.init();
  const connection = app.get(AmqpConnection);
  return {
    async call(n) {
      const reply = await connection.request<EchoPayload>({
        exchange: spec.names.golevelupExchange,
        routingKey: GOLEVELUP_ECHO,
        payload: echoRequest(n),
      });
      checkEcho(n, reply);
    },
    async close() {
      await app.close();
    },
  };
};
