import { BENCH_TEXT, type ClientSpec, type EchoPayload } from '../bench-config';

/** One connected client of an echo server; `call` rejects unless the echo matches. */
export interface EchoClient {
  call(n: number): Promise<void>;
  close(): Promise<void>;
}

export type ConnectEchoClient = (spec: ClientSpec) => Promise<EchoClient>;

export function echoRequest(n: number): EchoPayload {
  return { n, text: BENCH_TEXT };
}

export function checkEcho(n: number, reply: EchoPayload | undefined): void {
  if (reply?.n !== n || reply.text !== BENCH_TEXT) {
    throw new Error(`bad echo for n=${n}: ${JSON.stringify(reply)}`);
  }
}
