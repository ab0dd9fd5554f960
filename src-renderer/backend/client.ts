// Holds the one typed client for the renderer. Boot sets it; tests set a fake.
import type { FerryClient } from '../../src-shared/contract';

let current: FerryClient | null = null;

export function setClient(client: FerryClient | null): void {
  current = client;
}

export function getClient(): FerryClient {
  if (!current) throw new Error('Ferry client used before boot connected it');
  return current;
}
