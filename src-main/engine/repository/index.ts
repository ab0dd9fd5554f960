// Public surface of the backup repository.
export { Repo, type RepoFaults, type RepoOptions } from './repo';
export { compressChunk, CODECS } from './codec';
export { sha256Hex as chunkHashOf } from './hash';
export * from './types';
