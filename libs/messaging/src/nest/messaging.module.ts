import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AmqpConnection } from '../connection';
import { EventPublisher } from '../event-publisher';
import { RpcClient } from '../rpc-client';

export interface MessagingModuleOptions {
  connection: AmqpConnection;
  rpcClient: RpcClient;
  eventPublisher: EventPublisher;
}

/** Makes the process's connection, RPC client and event publisher injectable everywhere. */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: AmqpConnection, useValue: options.connection },
        { provide: RpcClient, useValue: options.rpcClient },
        { provide: EventPublisher, useValue: options.eventPublisher },
      ],
      exports: [AmqpConnection, RpcClient, EventPublisher],
    };
  }
}
