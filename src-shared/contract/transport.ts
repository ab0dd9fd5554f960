import type { ClientFrame, ServerFrame } from './protocol';

/** What a client needs from a transport: send frames, receive frames. Nothing else. */
export interface Transport {
  send(frame: ClientFrame): void;
  onFrame(listener: (frame: ServerFrame) => void): () => void;
  close(): void;
}
