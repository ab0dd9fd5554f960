// Public surface of the backup repository.
export { Repo, type ForgetResult, type RepoFaults, type RepoOptions } from './repo';
export type { GcOptions, GcReport, GcStep } from './gc';
export type { RecoveryReport } from './recovery';
export type { RepairReport } from './repair';
export type { RetentionPolicy } from './retention';
export type { VhdxRestoreOptions } from './restore-vhdx';
export { compressChunk, CODECS } from './codec';
export { sha256Hex as chunkHashOf } from './hash';
export * from './types';
