// Process environment for commands that move disk data (`ferry disk …`, `ferry repo …`, `ferry agent`).
// The data mover pushes megabyte buffers through several threads (reader, worker threads, codecs). glibc's
// defaults hand such buffers back to the kernel as soon as they are freed (dynamic mmap threshold, 2 MiB
// trim threshold per arena), so every next buffer is page-faulted in again: measured on a 2-vCPU VM that
// is ~20 % of the backup's CPU. Keeping them in the heap (up to 128 MiB per arena) costs no measurable RSS
// (the pipeline's buffers are bounded anyway) and takes that away. glibc reads this only at process start,
// hence an environment variable for a child process rather than anything the process could set itself.
'use strict';

const GLIBC_TUNABLES = 'glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=134217728';
const DATA_COMMANDS = new Set(['disk', 'repo', 'agent']);

/** The environment to start a data-moving command with, or null when nothing needs changing. */
function dataMoverEnv(command, env = process.env, platform = process.platform) {
  if (platform !== 'linux' || !DATA_COMMANDS.has(command) || env.GLIBC_TUNABLES) return null;
  return { ...env, GLIBC_TUNABLES };
}

module.exports = { dataMoverEnv, GLIBC_TUNABLES };
