import { BENCH_TEXT, type EchoPayload, type ServerSpec } from '../echo-spec';

/** One connected client of an echo server; `call` rejects unless the echo matches. */
export interface EchoClient {
  call(n: number): Promise<void>;
  close(): Promise<void>;
}

/** Connects to the echo server of `spec` (its broker url and queue names). */
export type ConnectEchoClient = (spec: ServerSpec) => Promise<EchoClient>;

export function echoRequest(n: number): EchoPayload {
  return { n, text: BENCH_TEXT };
}

export function checkEcho(n: number, reply: EchoPayload | undefined): void {
  if (reply?.n !== n || reply.text !== BENCH_TEXT) {
    throw new Error(`bad echo for n=${n}: ${JSON.stringify(reply)}`);
  }
}
