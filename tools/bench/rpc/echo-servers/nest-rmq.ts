import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  MessagePattern,
  Payload,
  Transport,
  type MicroserviceOptions,
} from '@nestjs/microservices';
import { NEST_ECHO_PATTERN, type EchoPayload } from '../echo-spec';
import { serveEcho } from './serve';

@Controller()
class EchoController {
  @MessagePattern(NEST_ECHO_PATTERN)
  echo(@Payload() payload: EchoPayload): EchoPayload {
    return payload;
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

/** Nest's built-in RMQ transport with its defaults (noAck true, no prefetch, Nagle on). */
serveEcho(async ({ url, names }) => {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(EchoModule, {
    transport: Transport.RMQ,
    options: { urls: [url], queue: names.nestQueue },
    logger: false,
  });
  await app.listen();
  return async () => {
    await app.close();
  };
});
