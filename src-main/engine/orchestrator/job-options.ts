import type { JobSpec } from '../../../src-shared/domain';

const BLOCK: Record<JobSpec['blockSize'], number> = { '256K': 256 * 1024, '512K': 512 * 1024, '1M': 1024 * 1024, '4M': 4 * 1024 * 1024 };
export const blockSizeBytes = (b: JobSpec['blockSize']): number => BLOCK[b];
