import type { OperationResult } from './operation-result.js';
import type { OverallHealth, ServiceStatus } from './types.js';

export type ClientEvent =
  | { type: 'operation_start'; operationId: string; operation: string; timestamp: number }
  | {
      type: 'operation_complete';
      operationId: string;
      operation: string;
      timestamp: number;
      duration: number;
    }
  | {
      type: 'operation_error';
      operationId: string;
      operation: string;
      timestamp: number;
      duration: number;
      error: string;
      result: OperationResult<unknown>;
    }
  | {
      type: 'operation_progress';
      operationId: string;
      operation: string;
      timestamp: number;
      /** the workflow step now reached, e.g. `commit` or `processing` */
      step: string;
      /** 0..100 when known */
      percentage?: number;
      data?: Record<string, unknown>;
    }
  | {
      /** the access token was renewed: with the refresh token, a new login, or another process's renewal */
      type: 'session_renewed';
      timestamp: number;
      via: 'refresh' | 'login' | 'store';
      /** epoch ms when the new access token expires */
      expiresAt?: number;
    }
  | {
      /** the session cannot be renewed any more (refresh token and credentials refused): sign in again */
      type: 'session_expired';
      timestamp: number;
      reason: string;
    }
  | {
      type: 'service_health_change';
      timestamp: number;
      /** `overall` for the whole system, else a service name from GET /health */
      service: string;
      previous: OverallHealth | ServiceStatus | 'unknown';
      current: OverallHealth | ServiceStatus | 'unknown';
      data: Record<string, unknown>;
    };

export type ClientEventType = ClientEvent['type'];
export type ClientEventListener = (event: ClientEvent) => void;

/** Listeners in registration order; one that throws does not stop the others. */
export class EventHub {
  private readonly listeners = new Set<ClientEventListener>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  add(listener: ClientEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  remove(listener: ClientEventListener): void {
    this.listeners.delete(listener);
  }

  emit(event: ClientEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
