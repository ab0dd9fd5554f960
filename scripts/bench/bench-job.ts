// Helper of scripts/bench.mjs (bundled by it with esbuild): prepares the product path on a fresh lab — PROXY01
// installed as off-host proxy (its `ferry agent` process, pinned TLS), VM WEB02's disk replaced by the bench
// disk, and a job that backs WEB02 up off-host only (no failover: the number is the proxy's or nothing).
// Usage: node bench-job.js setup DATA_DIR DISK_FILE   (prints {"job","vm","liveDisk"} as JSON)
import { constants } from 'node:fs';
import { copyFile, rm } from 'node:fs/promises';
import { addProxy, startLabService } from '../../src-main/testing/lab-service';
import { readLabState } from '../../src-main/engine/platform/lab/lab-state';
import { liveDiskPath } from '../../src-main/engine/platform/lab/lab-layout';

export const BENCH_JOB = 'BenchJob';
const BENCH_VM = 'WEB02';

const [cmd, dir, diskFile] = process.argv.slice(2);
if (cmd !== 'setup' || !dir || !diskFile) {
  console.error('usage: bench-job setup DATA_DIR DISK_FILE');
  process.exit(2);
}
const topology = readLabState(dir)?.topology;
const vm = topology?.vms.find((v) => v.name === BENCH_VM);
if (!topology || !vm) throw new Error(`no lab with VM ${BENCH_VM} in ${dir}: run ferry lab init first`);
const liveDisk = liveDiskPath(dir, topology, vm, 0);
// WEB02 is powered off: its disk file is what its snapshots hold. A reflink where the file system can.
await rm(liveDisk, { force: true });
await copyFile(diskFile, liveDisk, constants.COPYFILE_FICLONE);
const h = await startLabService(dir);
try {
  const proxyId = await addProxy(h.client);
  await h.client.call('jobs.create', {
    name: BENCH_JOB,
    vmIds: [vm.id],
    repositoryId: 'repo-default',
    processing: { mode: 'off-host', proxySelection: 'pinned', pinnedProxyIds: [proxyId], failoverToOnHost: false },
  });
} finally {
  await h.close();
}
console.log(JSON.stringify({ job: BENCH_JOB, vm: BENCH_VM, liveDisk }));
