// Connection state of the transport, as the status bar and banners show it.

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  /** The socket dropped; `retryAt` is an epoch ms timestamp for the next attempt. */
  | { kind: 'reconnecting'; attempt: number; retryAt: number; reason: string }
  /** The host refused our token (or we have none): retrying will not help, a new link is needed. */
  | { kind: 'unauthorized'; reason: string };

export interface ConnectionStatusSource {
  get(): ConnectionState;
  subscribe(listener: (state: ConnectionState) => void): () => void;
}

/** A tiny observable cell: transports write it, store/live-updates.ts reads it. */
export function createStatusCell(initial: ConnectionState): ConnectionStatusSource & { set(state: ConnectionState): void } {
  let current = initial;
  const listeners = new Set<(state: ConnectionState) => void>();
  return {
    get: () => current,
    set(state) {
      current = state;
      for (const l of [...listeners]) l(state);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Renderer-local error code for requests that could not reach the host. */
export const DISCONNECTED = 'E_DISCONNECTED';
