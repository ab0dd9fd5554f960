// Reads the recorded transcripts (the facts JSON the stubs are built from).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRANSCRIPTS_DIR } from '../windows-scripts';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function transcriptJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(REPO_ROOT, TRANSCRIPTS_DIR, name), 'utf8')) as T;
}
