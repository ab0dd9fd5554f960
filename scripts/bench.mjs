// `npm run bench`: Ferry vs restic vs borg on the same realistic 2 GiB dynamic VHDX, full and after a 5 %
// change, plus this machine's hash/compress/read ceilings (and Ferry's share of the ceiling they give), a
// 2 TiB sparse disk, the product path (a lab backup job through `ferry job run`, read off-host by the proxy's
// agent) and, on request, other disk contents. A script, not a test: it prints a table and writes
// bench/results.json. Every tool runs as its own process under /usr/bin/time -v (wall time, user+sys CPU,
// max RSS), with the disk file warm in the page cache. CPU seconds per GiB is printed beside wall time: on a
// shared machine it is what the work costs, whatever else runs.
//
// Env: BENCH_SIZE_MIB (default 2048), BENCH_SPARSE_GIB (default 2048), BENCH_REPEAT (default 2: full backups
// run that many times, best counts), BENCH_JOB=0 skips the job run, BENCH_VARIANTS=1 adds the other disk
// contents (BENCH_VARIANT_MIB each, default 512), BENCH_KEEP=1 keeps bench/work.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

// Ferry runs with the environment its launcher (bin/ferry.cjs) gives data-moving commands.
const { dataMoverEnv } = createRequire(import.meta.url)('../bin/data-mover-env.cjs');
const ferryEnv = dataMoverEnv('disk', {}) ?? {};

const MiB = 1024 * 1024;
const root = resolve(import.meta.dirname, '..');
const work = join(root, 'bench', 'work');
const sizeMiB = Number(process.env.BENCH_SIZE_MIB ?? 2048);
const sparseGiB = Number(process.env.BENCH_SPARSE_GIB ?? 2048);
const node = process.execPath;
// The CLI is bundled here exactly as scripts/build.mjs bundles out/main (same entries and options), into a
// folder of its own so a concurrent `npm run build` cannot swap it mid-run.
const dist = join(work, 'dist');
const cli = join(dist, 'cli.js');
const helper = join(work, 'bench-disk.js');
const disk = join(work, 'disk.vhdx');
const changed = join(work, 'changed.json');
const PASSWORD = 'ferry-bench';

const log = (s) => console.log(s);

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Runs a command under /usr/bin/time -v; returns wall seconds, user+sys CPU seconds, max RSS MiB and stdout. Throws on failure. */
function timed(label, cmd, args, env = {}, cwd = undefined) {
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const t = performance.now();
  const r = timeBin
    ? spawnSync(timeBin, ['-v', cmd, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * MiB, cwd })
    : spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * MiB, cwd });
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}):\n${r.stderr.slice(-4000)}`);
  const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '')?.[1] ?? NaN);
  const seconds = (what) => Number(new RegExp(`${what} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr ?? '')?.[1] ?? NaN);
  return { wall, cpu: seconds('User') + seconds('System'), maxRssMiB: Math.round(rssKb / 1024), stdout: r.stdout };
}

/** Bytes under a folder (a repository's size on disk). */
function dirMB(path) {
  const r = spawnSync('du', ['-sb', path], { encoding: 'utf8' });
  return r.status === 0 ? Math.round(Number(r.stdout.split('\t')[0]) / MiB) : null;
}

/** Read the whole file once so every tool starts with it in the page cache (same footing for all). */
function warm(file) {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(8 * MiB);
  while (readSync(fd, buf, 0, buf.length, null) > 0);
  closeSync(fd);
}

const runs = [];
function record(tool, kind, r, logicalBytes, extra = {}) {
  const row = { tool, kind, wall_s: Number(r.wall.toFixed(3)), MBps: Math.round(logicalBytes / MiB / r.wall), cpu_s: Number(r.cpu.toFixed(2)), cpu_s_per_GB: Number((r.cpu / (logicalBytes / 1024 / MiB)).toFixed(3)), max_rss_MB: r.maxRssMiB, ...extra };
  if (r.stdout.startsWith('{')) {
    // Ferry's own view: the backup itself, without process start-up and repository open/close
    const stats = JSON.parse(r.stdout).stats;
    row.in_process_s = Number((stats.elapsedMs / 1000).toFixed(3));
    row.stored_MB ??= Math.round(stats.bytesTransferred / MiB);
  }
  runs.push(row);
  log(`  ${tool.padEnd(7)} ${kind.padEnd(12)} ${row.wall_s.toFixed(2).padStart(7)} s ${String(row.MBps).padStart(6)} MB/s  CPU ${row.cpu_s.toFixed(2).padStart(6)} s  RSS ${String(row.max_rss_MB).padStart(4)} MB${row.in_process_s !== undefined ? `  (backup itself ${row.in_process_s.toFixed(2)} s)` : ''}`);
  return row;
}

/**
 * Restores a point of `repo` to a raw file and compares it with `qemu-img convert -O raw` of `source` (as it is
 * now: call it before the source changes). null when qemu-img is missing.
 */
function restoreMatches(repo, pointId, source, label) {
  if (!which('qemu-img')) return null;
  const restored = join(work, 'restored.raw');
  const expected = join(work, 'expected.raw');
  try {
    timed(`ferry restore ${label}`, node, [cli, 'disk', 'restore', '--repo', repo, '--point', pointId, '--out', restored, '--force'], ferryEnv);
    spawnSync('qemu-img', ['convert', '-f', 'vhdx', '-O', 'raw', source, expected]);
    const same = spawnSync('cmp', ['-s', restored, expected]).status === 0;
    log(`  restore of the ${label} byte-identical to qemu-img convert: ${same}`);
    return same;
  } finally {
    rmSync(restored, { force: true });
    rmSync(expected, { force: true });
  }
}

/**
 * The time a perfect pipeline on this machine's cores needs for a disk of this composition: SHA-256 over every
 * allocated non-zero block, lz4 over the distinct blocks stored compressed, nothing else, all cores busy.
 * Measured single-core speeds: by wall time (the definition) and by CPU time (robust on a shared machine).
 */
function ceilingOf(comp, cores) {
  const seconds = (sha, lz4) => (comp.hashed_MB / sha + comp.compressed_MB / lz4) / cores;
  return { wall_s: seconds(ceilings.sha256_MBps, ceilings.lz4_text_MBps), cpu_s: seconds(ceilings.sha256_cpu_MBps, ceilings.lz4_text_cpu_MBps) * cores };
}

/**
 * The product path: `ferry lab init`, then a job that backs up VM WEB02 — whose disk is the bench disk as it is
 * now — off-host through PROXY01's agent process (pinned TLS), run with `ferry job run` and compared with the
 * best `ferry disk backup` of the same disk. The agent is the built app's (out/main, as the lab starts it).
 */
async function runJob() {
  log('Product path: a lab backup job of the same disk, read off-host by the proxy agent (ferry job run)...');
  const built = spawnSync(node, [join(root, 'scripts', 'build.mjs')], { encoding: 'utf8', cwd: root });
  if (built.status !== 0) throw new Error(`npm run build failed: ${built.stderr.slice(-2000)}`);
  const jobHelper = join(work, 'bench-job.js');
  await build({ ...bundle, entryPoints: [join(root, 'scripts', 'bench', 'bench-job.ts')], outfile: jobHelper });
  const data = join(work, 'lab-data');
  timed('lab init', node, [cli, 'lab', 'init', '--data', data]);
  const setup = spawnSync(node, [jobHelper, 'setup', data, disk], { encoding: 'utf8', cwd: root });
  if (setup.status !== 0) throw new Error(`bench-job setup failed: ${setup.stderr.slice(-4000)}`);
  const { job, vm, liveDisk } = JSON.parse(setup.stdout.trim().split('\n').pop());
  settle(liveDisk);
  const run = timed('ferry job run', node, [cli, 'job', 'run', job, '--data', data]);
  if (!/Result: (Success|Warning)/.test(run.stdout)) throw new Error(`the bench job did not succeed:\n${run.stdout.slice(-3000)}`);
  if (!/importing transportable snapshot|off-host/i.test(run.stdout)) log('  (the job log does not mention the off-host path)');
  const row = record('ferry', 'job (off-host)', run, logical);
  let restoreIdentical = null;
  if (which('qemu-img')) {
    const restored = join(work, 'job-restored.raw');
    const expected = join(work, 'job-expected.raw');
    timed('ferry restore (job)', node, [cli, 'restore', '--data', data, '--job', job, '--vm', vm, '--disk', '0', '--out', restored]);
    spawnSync('qemu-img', ['convert', '-f', 'vhdx', '-O', 'raw', liveDisk, expected]);
    restoreIdentical = spawnSync('cmp', ['-s', restored, expected]).status === 0;
    log(`  restore of the job's point byte-identical to qemu-img convert: ${restoreIdentical}`);
    rmSync(restored, { force: true });
    rmSync(expected, { force: true });
  }
  rmSync(data, { recursive: true, force: true });
  return { wall_s: row.wall_s, MBps: row.MBps, cli_wall_s: Number(ferryFull.wall.toFixed(3)), job_over_cli: Number((ferryFull.wall / run.wall).toFixed(3)), restore_byte_identical: restoreIdentical };
}

/** Other disk contents (BENCH_VARIANTS=1): Ferry, borg and restic once each on a fresh disk of each kind. */
function runVariants() {
  const mib = Number(process.env.BENCH_VARIANT_MIB ?? 512);
  const out = [];
  for (const variant of JSON.parse(helperRun('variants'))) {
    const file = join(work, `variant-${variant}.vhdx`);
    helperRun('make', file, String(mib), variant);
    const bytes = mib * MiB;
    const repo = join(work, `ferry-${variant}`);
    settle(file);
    const ferryRun = timed(`ferry ${variant}`, node, [cli, 'disk', 'backup', file, '--repo', repo, '--json'], ferryEnv);
    const f = record('ferry', variant.slice(0, 14), ferryRun, bytes);
    const row = { variant, ferry_MBps: f.MBps, ferry_cpu_s: f.cpu_s, borg_MBps: null, restic_MBps: null };
    if (borg) {
      const bRepo = join(work, `borg-${variant}`);
      timed('borg init', borg, ['init', '-e', 'none', bRepo], borgEnv);
      settle(file);
      row.borg_MBps = record('borg', variant.slice(0, 14), timed(`borg ${variant}`, borg, ['create', '--compression', 'lz4', `${bRepo}::v`, file], borgEnv), bytes).MBps;
      rmSync(bRepo, { recursive: true, force: true });
    }
    if (restic) {
      const rRepo = join(work, `restic-${variant}`);
      timed('restic init', restic, ['init', '--repo', rRepo], resticEnv);
      settle(file);
      row.restic_MBps = record('restic', variant.slice(0, 14), timed(`restic ${variant}`, restic, ['backup', '--repo', rRepo, '--quiet', file], resticEnv), bytes).MBps;
      rmSync(rRepo, { recursive: true, force: true });
    }
    row.ratio_vs_borg = row.borg_MBps ? Number((row.ferry_MBps / row.borg_MBps).toFixed(2)) : null;
    row.ratio_vs_restic = row.restic_MBps ? Number((row.ferry_MBps / row.restic_MBps).toFixed(2)) : null;
    row.restore_byte_identical = restoreMatches(repo, JSON.parse(ferryRun.stdout).id, file, variant);
    out.push(row);
    rmSync(repo, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
  return out;
}

// ---------- setup ----------
log(`Ferry benchmark on ${availableParallelism()} core(s): ${cpus()[0]?.model ?? 'unknown CPU'}; MB = MiB throughout`);
if (ferryEnv.GLIBC_TUNABLES) log(`Ferry runs with GLIBC_TUNABLES=${ferryEnv.GLIBC_TUNABLES} (what bin/ferry.cjs sets for data commands)`);
const restic = which('restic');
const borg = which('borg');
if (!restic) log('restic not found: skipping it (install: sudo apt-get install restic)');
if (!borg) log('borg not found: skipping it (install: sudo apt-get install borgbackup)');
if (!existsSync('/usr/bin/time')) log('/usr/bin/time not found: max RSS is not measured (install: sudo apt-get install time)');

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
log('Building the CLI bundle and the disk helper...');
const bundle = { bundle: true, platform: 'node', target: 'node22', format: 'esm', packages: 'external', logLevel: 'warning', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } };
await build({ ...bundle, entryPoints: { cli: join(root, 'src-main/cli/main.ts'), 'block-worker': join(root, 'src-main/engine/datamover/block-worker.ts') }, outdir: dist });
await build({ ...bundle, entryPoints: [join(root, 'scripts', 'bench', 'bench-disk.ts')], outfile: helper });
const helperRun = (...args) => {
  const r = spawnSync(node, [helper, ...args], { encoding: 'utf8', cwd: root });
  if (r.status !== 0) throw new Error(`bench-disk ${args[0]} failed: ${r.stderr}`);
  return r.stdout;
};

log(`Building a ${sizeMiB} MiB dynamic VHDX (25 % unallocated, 10 % allocated zeros, 30 % text-like, 25 % incompressible, 10 % duplicate blocks)...`);
helperRun('make', disk, String(sizeMiB));
spawnSync('sync'); // the freshly written disk must not be flushing while the first tool runs
const logical = sizeMiB * MiB;
log(`  ${disk}: ${(statSync(disk).size / MiB).toFixed(0)} MiB on disk for ${sizeMiB} MiB logical`);

log('Ceilings of this machine (one core each, best of 5):');
warm(disk);
const ceilings = JSON.parse(helperRun('ceilings', disk));
for (const [k, v] of Object.entries(ceilings)) log(`  ${k.padEnd(18)} ${v}`);

// ---------- full backups ----------
// Each tool runs REPEAT times, interleaved, into a fresh repository; the best wall time counts (a shared VM's
// CPU comes and goes, and best-of-N is the fairest reading for all three). Before every run: the page cache
// flushed (so nobody waits on the previous run's writeback) and the source file read once (warm for all).
const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 2));
const ferryRepo = join(work, 'ferry-repo');
const resticRepo = join(work, 'restic-repo');
const resticEnv = { RESTIC_PASSWORD: PASSWORD, RESTIC_CACHE_DIR: join(work, 'restic-cache') };
const borgRepo = join(work, 'borg-repo');
const borgEnv = { BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'yes', BORG_BASE_DIR: join(work, 'borg-home') };

function settle(file = disk) {
  spawnSync('sync');
  warm(file);
}

const attempts = { ferry: [], ferryZstd: [], restic: [], borg: [] };
log(`Full backup of the same file (best of ${repeat}, interleaved):`);
for (let i = 0; i < repeat; i++) {
  rmSync(ferryRepo, { recursive: true, force: true });
  settle();
  attempts.ferry.push(timed('ferry full', node, [cli, 'disk', 'backup', disk, '--repo', ferryRepo, '--json'], ferryEnv));
  if (restic) {
    rmSync(resticRepo, { recursive: true, force: true });
    rmSync(resticEnv.RESTIC_CACHE_DIR, { recursive: true, force: true });
    timed('restic init', restic, ['init', '--repo', resticRepo], resticEnv);
    settle();
    attempts.restic.push(timed('restic full', restic, ['backup', '--repo', resticRepo, '--quiet', disk], resticEnv));
  }
  if (borg) {
    rmSync(borgRepo, { recursive: true, force: true });
    rmSync(borgEnv.BORG_BASE_DIR, { recursive: true, force: true });
    timed('borg init', borg, ['init', '-e', 'none', borgRepo], borgEnv);
    settle();
    attempts.borg.push(timed('borg full', borg, ['create', '--compression', 'lz4', `${borgRepo}::full`, disk], borgEnv));
  }
  // For information: the same backup at 'high' (zstd-3), the level closest to restic's default zstd.
  const zstdRepo = join(work, 'ferry-repo-zstd3');
  rmSync(zstdRepo, { recursive: true, force: true });
  settle();
  attempts.ferryZstd.push(timed('ferry full zstd3', node, [cli, 'disk', 'backup', disk, '--repo', zstdRepo, '--compression', 'zstd3', '--json'], ferryEnv));
}
const best = (list) => list.reduce((a, b) => (b.wall < a.wall ? b : a));
const allWalls = (list) => ({ walls_s: list.map((r) => Number(r.wall.toFixed(2))) });
const ferryFull = best(attempts.ferry);
const ferryFullJson = JSON.parse(ferryFull.stdout);
const ferryFullRow = record('ferry', 'full', ferryFull, logical, { busy_ms: ferryFullJson.stats.busyMs, ...allWalls(attempts.ferry) });
record('ferry', 'full zstd3', best(attempts.ferryZstd), logical, allWalls(attempts.ferryZstd));
const resticFullRow = restic ? record('restic', 'full', best(attempts.restic), logical, { stored_MB: dirMB(resticRepo), ...allWalls(attempts.restic) }) : undefined;
const borgFullRow = borg ? record('borg', 'full', best(attempts.borg), logical, { stored_MB: dirMB(borgRepo), ...allWalls(attempts.borg) }) : undefined;

// ---------- what the full had to do: the ceiling, and the restore check ----------
const composition = JSON.parse(helperRun('compose', disk));
const ceiling = ceilingOf(composition, availableParallelism());
const ceilingShare = Number((ceiling.wall_s / ferryFull.wall).toFixed(3));
const ceilingShareCpu = Number((ceiling.cpu_s / ferryFull.cpu).toFixed(3));
log(`Disk composition: ${JSON.stringify(composition)}`);
log(`Ceiling on ${availableParallelism()} core(s): ${ceiling.wall_s.toFixed(2)} s wall (Ferry's share ${(ceilingShare * 100).toFixed(0)} %), ${ceiling.cpu_s.toFixed(2)} CPU s (Ferry's CPU ${ferryFull.cpu.toFixed(2)} s: share ${(ceilingShareCpu * 100).toFixed(0)} %)`);
// ferryRepo holds the last attempt (each starts a fresh repository)
const identicalFull = restoreMatches(ferryRepo, JSON.parse(attempts.ferry[attempts.ferry.length - 1].stdout).id, disk, 'full');

// ---------- after a 5 % change ----------
log('Changing 5 % of the disk (runs of 1-8 MiB, half text-like, half incompressible)...');
helperRun('change', disk, '0.05', changed);
spawnSync('sync');
const changedBytes = JSON.parse(readFileSync(changed, 'utf8')).reduce((n, r) => n + r.length, 0);
log(`  ${(changedBytes / MiB).toFixed(0)} MiB written; change data in ${changed}`);
log('Backup after the change (Ferry with change data; restic and borg as they are):');
settle();
const ferryIncr = timed('ferry incremental', node, [cli, 'disk', 'backup', disk, '--repo', ferryRepo, '--changed', changed, '--json'], ferryEnv);
const ferryIncrJson = JSON.parse(ferryIncr.stdout);
if (ferryIncrJson.mode !== 'incremental') throw new Error(`Ferry did not run an incremental: ${ferryIncrJson.fullReason}`);
const ferryIncrRow = record('ferry', 'incremental', ferryIncr, logical, { read_MB: Math.round(ferryIncrJson.stats.bytesRead / MiB) });
let resticIncrRow;
let borgIncrRow;
if (restic) {
  settle();
  const before = dirMB(resticRepo);
  resticIncrRow = record('restic', 'after 5 %', timed('restic incr', restic, ['backup', '--repo', resticRepo, '--quiet', disk], resticEnv), logical, { stored_MB: dirMB(resticRepo) - before });
}
if (borg) {
  settle();
  const before = dirMB(borgRepo);
  borgIncrRow = record('borg', 'after 5 %', timed('borg incr', borg, ['create', '--compression', 'lz4', `${borgRepo}::incr`, disk], borgEnv), logical, { stored_MB: dirMB(borgRepo) - before });
}
const identicalIncr = restoreMatches(ferryRepo, ferryIncrJson.id, disk, 'incremental');

const restoreRows = await benchRestores();

// ---------- restores (restore-writer.ts, what the target host's data mover runs) ----------
// The same disk (the point after the 5 % change) restored whole by each tool; then a quick rollback: the changed
// disk rolled back to the full point by writing only the changed ranges, against a full restore of that point.
async function benchRestores() {
  const restoreHelper = join(work, 'bench-restore.js');
  await build({ ...bundle, entryPoints: [join(root, 'scripts', 'bench', 'bench-restore.ts')], outfile: restoreHelper });
  const own = (r) => ({ ...r, stdout: '' }); // record() reads backup stats from a JSON stdout; a restore prints its own
  const inProcess = (r) => Number((JSON.parse(r.stdout).elapsedMs / 1000).toFixed(3));
  const same = (a, fa, b, fb) => (which('qemu-img') ? spawnSync('qemu-img', ['compare', '-q', '-f', fa, '-F', fb, a, b]).status === 0 : null);
  log('Restore of the disk after the change, whole (Ferry: the data mover writing a dynamic VHDX; restic/borg: the file):');
  const out = join(work, 'restore-ferry.vhdx');
  spawnSync('sync');
  const f = timed('ferry restore', node, [restoreHelper, 'full', ferryRepo, ferryIncrJson.id, out], ferryEnv);
  const rows = { ferry: record('ferry', 'restore', own(f), logical, { in_process_s: inProcess(f), equals_source: same(out, 'vhdx', disk, 'vhdx') }) };
  rmSync(out, { force: true });
  if (restic) {
    const target = join(work, 'restore-restic');
    spawnSync('sync');
    rows.restic = record('restic', 'restore', timed('restic restore', restic, ['restore', 'latest', '--repo', resticRepo, '--target', target], resticEnv), logical);
    rmSync(target, { recursive: true, force: true });
  }
  if (borg) {
    const target = join(work, 'restore-borg');
    mkdirSync(target, { recursive: true });
    spawnSync('sync');
    rows.borg = record('borg', 'restore', timed('borg extract', borg, ['extract', `${borgRepo}::incr`], borgEnv, target), logical);
    rmSync(target, { recursive: true, force: true });
  }
  log('Quick rollback of the changed disk to the full point (only the changed ranges) vs a full restore of that point:');
  const full = join(work, 'restore-full-point.vhdx');
  spawnSync('sync');
  const fullRun = timed('ferry restore full point', node, [restoreHelper, 'full', ferryRepo, ferryFullJson.id, full], ferryEnv);
  rows.fullPoint = record('ferry', 'restore full', own(fullRun), logical, { in_process_s: inProcess(fullRun) });
  const live = join(work, 'live.vhdx');
  spawnSync('cp', ['--reflink=auto', disk, live]);
  spawnSync('sync');
  const rb = timed('ferry quick rollback', node, [restoreHelper, 'rollback', ferryRepo, ferryFullJson.id, live, changed], ferryEnv);
  rows.rollback = record('ferry', 'rollback 5 %', own(rb), logical, { in_process_s: inProcess(rb), written_MB: Math.round(JSON.parse(rb.stdout).bytesWritten / MiB), equals_point: same(live, 'vhdx', full, 'vhdx') });
  rmSync(live, { force: true });
  rmSync(full, { force: true });
  return rows;
}

// ---------- mounted point over NBD, and one random 1 MiB read ----------
/**
 * `ferry mount` of a point read sequentially over NBD (qemu-img convert, and nbdcopy to null:) against `ferry disk
 * restore` of the same point (target ≥ 80 %); and the point reader's cost of one 1 MiB read (time, chunks read).
 */
async function benchMount(repo, pointId, diskKey) {
  const out = {};
  const rawOut = join(work, 'mount-restore.raw');
  const restore = timed('ferry restore (NBD baseline)', node, [cli, 'disk', 'restore', '--repo', repo, '--point', pointId, '--disk', diskKey, '--out', rawOut], ferryEnv);
  rmSync(rawOut, { force: true });
  out.restore_MBps = Math.round(logical / MiB / restore.wall);
  if (which('qemu-img') && which('nbdcopy')) {
    const mount = spawn(node, [cli, 'mount', '--repo', repo, '--point', pointId, '--disk', diskKey, '--port', '0'], { env: { ...process.env, ...ferryEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const url = await new Promise((res, rej) => {
      mount.stdout.setEncoding('utf8').on('data', (d) => {
        text += d;
        const m = /nbd:\/\/127\.0\.0\.1:\d+\/\S*/.exec(text);
        if (m && /Ctrl-C/.test(text)) res(m[0]);
      });
      mount.once('exit', (code) => rej(new Error(`ferry mount exited (${code}) before serving`)));
    });
    const viaQemu = join(work, 'mount-qemu.raw');
    const qemu = timed('qemu-img convert nbd://', 'qemu-img', ['convert', '-f', 'raw', '-O', 'raw', url, viaQemu]);
    rmSync(viaQemu, { force: true });
    const copy = timed('nbdcopy nbd:// null:', 'nbdcopy', [url, 'null:']);
    mount.kill('SIGTERM');
    await new Promise((r) => (mount.exitCode !== null ? r() : mount.once('exit', r)));
    out.nbd_qemu_img_MBps = Math.round(logical / MiB / qemu.wall);
    out.nbd_nbdcopy_MBps = Math.round(logical / MiB / copy.wall);
    out.nbd_over_restore = Number((out.nbd_qemu_img_MBps / out.restore_MBps).toFixed(2));
    out.nbd_ge_80pct_of_restore = out.nbd_over_restore >= 0.8;
    log(`  restore ${out.restore_MBps} MB/s; over NBD: qemu-img convert ${out.nbd_qemu_img_MBps} MB/s (${Math.round(out.nbd_over_restore * 100)} %, target ≥ 80 %), nbdcopy to null: ${out.nbd_nbdcopy_MBps} MB/s`);
  } else log('  qemu-img or nbdcopy not found: NBD read not measured (apt-get install qemu-utils libnbd-bin)');
  const pointReadHelper = join(work, 'bench-point-read.js');
  await build({ ...bundle, entryPoints: [join(root, 'scripts', 'bench', 'bench-point-read.ts')], outfile: pointReadHelper });
  const r = spawnSync(node, [pointReadHelper, repo, pointId, diskKey], { encoding: 'utf8', cwd: root });
  if (r.status !== 0) throw new Error(`bench-point-read failed: ${r.stderr}`);
  out.random_1MiB_read = JSON.parse(r.stdout);
  out.random_1MiB_read.lt_0_3s = out.random_1MiB_read.total_s < 0.3;
  log(`  one random 1 MiB read: ${out.random_1MiB_read.total_s} s (open ${out.random_1MiB_read.open_s} s + read ${out.random_1MiB_read.read_s} s; target < 0.3 s), ${out.random_1MiB_read.chunks_read} chunks read`);
  return out;
}
log('Mounting the incremental point over NBD and reading it...');
const mountBench = await benchMount(ferryRepo, ferryIncrJson.id, ferryIncrJson.diskKey);

// ---------- memory and time on a big thin disk ----------
log(`Big thin disk: ${sparseGiB} GiB sparse dynamic VHDX (64 scattered 4 MiB writes)...`);
const sparse = join(work, 'sparse.vhdx');
helperRun('sparse', sparse, String(sparseGiB));
const sparseRun = timed('ferry sparse', node, [cli, 'disk', 'backup', sparse, '--repo', join(work, 'ferry-sparse-repo'), '--json'], ferryEnv);
const sparseRow = record('ferry', `${sparseGiB}G sparse`, sparseRun, sparseGiB * 1024 * MiB);
// time ∝ allocated: the sparse disk's in-process seconds per allocated GiB against the full's
const sparseAllocatedMB = JSON.parse(sparseRun.stdout).stats.bytesRead / MiB;
const perAllocated = (row, allocatedMB) => row.in_process_s / (allocatedMB / 1024);
const sparseTimeRatio = Number((perAllocated(sparseRow, sparseAllocatedMB) / perAllocated(ferryFullRow, composition.allocated_MB)).toFixed(2));
log(`  ${sparseAllocatedMB.toFixed(0)} MiB allocated: ${perAllocated(sparseRow, sparseAllocatedMB).toFixed(2)} s per allocated GiB (the 2 GiB disk: ${perAllocated(ferryFullRow, composition.allocated_MB).toFixed(2)})`);

const job = process.env.BENCH_JOB === '0' ? null : await runJob();
const variants = process.env.BENCH_VARIANTS === '1' ? runVariants() : null;

// ---------- results ----------
const ratio = (a, b) => (a && b ? Number((a / b).toFixed(2)) : null);
const identical = [identicalFull, identicalIncr, job?.restore_byte_identical ?? null].every((v) => v !== false) ? (identicalFull ?? null) : false;
const results = {
  machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? null, node: process.version },
  disk: { logical_MB: sizeMiB, file_MB: Math.round(statSync(disk).size / MiB), changed_MB: Math.round(changedBytes / MiB), composition },
  ceilings,
  ceiling: { wall_s: Number(ceiling.wall_s.toFixed(3)), cpu_s: Number(ceiling.cpu_s.toFixed(3)) },
  ferry_full_MBps: ferryFullRow.MBps,
  restic_full_MBps: resticFullRow?.MBps ?? null,
  borg_full_MBps: borgFullRow?.MBps ?? null,
  ratio_vs_restic: ratio(ferryFullRow.MBps, resticFullRow?.MBps),
  ratio_vs_borg: ratio(ferryFullRow.MBps, borgFullRow?.MBps),
  // the same per CPU second (CPU s per GiB of the other tool / Ferry's): what the work costs, load or not
  cpu_ratio_vs_restic: ratio(resticFullRow?.cpu_s, ferryFullRow.cpu_s),
  cpu_ratio_vs_borg: ratio(borgFullRow?.cpu_s, ferryFullRow.cpu_s),
  ceiling_share: ceilingShare,
  ceiling_share_cpu: ceilingShareCpu,
  ferry_incr_over_full: Number((ferryIncrRow.wall_s / ferryFullRow.wall_s).toFixed(3)),
  // the same ratio without the process start-up both runs pay (see runs[].in_process_s)
  ferry_incr_over_full_in_process: Number((ferryIncrRow.in_process_s / ferryFullRow.in_process_s).toFixed(3)),
  job_over_cli: job ? job.job_over_cli : null,
  job,
  ferry_max_rss_MB: Math.max(ferryFullRow.max_rss_MB, ferryIncrRow.max_rss_MB),
  ferry_sparse_max_rss_MB: sparseRow.max_rss_MB,
  ferry_sparse2t_max_rss_MB: sparseGiB >= 2048 ? sparseRow.max_rss_MB : null,
  sparse_time_per_allocated_vs_full: sparseTimeRatio,
  restic_incr_over_full: resticIncrRow && resticFullRow ? Number((resticIncrRow.wall_s / resticFullRow.wall_s).toFixed(3)) : null,
  borg_incr_over_full: borgIncrRow && borgFullRow ? Number((borgIncrRow.wall_s / borgFullRow.wall_s).toFixed(3)) : null,
  restore_byte_identical: identical,
  restore_MBps: { ferry: restoreRows.ferry.MBps, restic: restoreRows.restic?.MBps ?? null, borg: restoreRows.borg?.MBps ?? null },
  restore_ratio_vs_restic: ratio(restoreRows.ferry.MBps, restoreRows.restic?.MBps),
  restore_ratio_vs_borg: ratio(restoreRows.ferry.MBps, restoreRows.borg?.MBps),
  quick_rollback_over_full_restore: Number((restoreRows.rollback.wall_s / restoreRows.fullPoint.wall_s).toFixed(3)),
  quick_rollback_over_full_restore_in_process: Number((restoreRows.rollback.in_process_s / restoreRows.fullPoint.in_process_s).toFixed(3)),
  mount: mountBench,
  variants,
  runs,
  targets: {
    full_vs_borg_2x: borgFullRow ? ferryFullRow.MBps >= 2 * borgFullRow.MBps : null,
    full_vs_restic_4x: resticFullRow ? ferryFullRow.MBps >= 4 * resticFullRow.MBps : null,
    ceiling_share_ge_70pct: ceilingShare >= 0.7,
    incremental_le_10pct_of_full: ferryIncrRow.wall_s <= 0.1 * ferryFullRow.wall_s,
    restore_vs_restic_2x: restoreRows.restic ? restoreRows.ferry.MBps >= 2 * restoreRows.restic.MBps : null,
    restore_vs_borg_2x: restoreRows.borg ? restoreRows.ferry.MBps >= 2 * restoreRows.borg.MBps : null,
    quick_rollback_le_15pct_of_full_restore: restoreRows.rollback.wall_s <= 0.15 * restoreRows.fullPoint.wall_s,
    job_ge_85pct_of_cli: job ? job.job_over_cli >= 0.85 : null,
    rss_le_256MB: Math.max(ferryFullRow.max_rss_MB, ferryIncrRow.max_rss_MB, sparseRow.max_rss_MB) <= 256,
  },
};
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

log('\n| tool   | run            | wall s | MB/s (logical) | CPU s | CPU s/GiB | max RSS MB | stored MB |');
log('|--------|----------------|-------:|---------------:|------:|----------:|-----------:|----------:|');
for (const r of runs) log(`| ${r.tool.padEnd(6)} | ${r.kind.padEnd(14)} | ${r.wall_s.toFixed(2).padStart(6)} | ${String(r.MBps).padStart(14)} | ${r.cpu_s.toFixed(2).padStart(5)} | ${r.cpu_s_per_GB.toFixed(2).padStart(9)} | ${String(r.max_rss_MB).padStart(10)} | ${String(r.stored_MB ?? '').padStart(9)} |`);
log(`\nFerry full vs borg (lz4): ${results.ratio_vs_borg ?? 'n/a'}x (target ≥ 2), vs restic: ${results.ratio_vs_restic ?? 'n/a'}x (target ≥ 4); per CPU second: ${results.cpu_ratio_vs_borg ?? 'n/a'}x borg, ${results.cpu_ratio_vs_restic ?? 'n/a'}x restic`);
log(`Ferry's share of this machine's ceiling: ${(ceilingShare * 100).toFixed(0)} % by wall time (target ≥ 70 %), ${(ceilingShareCpu * 100).toFixed(0)} % by CPU time`);
log(`Ferry incremental / full wall time: ${(results.ferry_incr_over_full * 100).toFixed(1)} % (target ≤ 10 %); without process start-up: ${(results.ferry_incr_over_full_in_process * 100).toFixed(1)} %`);
log(`Ferry restore vs restic: ${results.restore_ratio_vs_restic ?? 'n/a'}x, vs borg: ${results.restore_ratio_vs_borg ?? 'n/a'}x (target ≥ 2 each)`);
log(`Quick rollback after 5 % / full restore: ${(results.quick_rollback_over_full_restore * 100).toFixed(1)} % (target ≤ 15 %); without process start-up: ${(results.quick_rollback_over_full_restore_in_process * 100).toFixed(1)} %`);
if (job) log(`Lab backup job (off-host, proxy agent over pinned TLS) / ferry disk backup: ${(job.job_over_cli * 100).toFixed(0)} % of the throughput (target ≥ 85 %)`);
log(`Ferry max RSS: ${results.ferry_max_rss_MB} MB (${sizeMiB} MiB disk), ${results.ferry_sparse_max_rss_MB} MB (${sparseGiB} GiB sparse) (target ≤ 256); sparse time per allocated GiB ${sparseTimeRatio}x the full's`);
if (variants) for (const v of variants) log(`Variant ${v.variant.padEnd(15)} Ferry ${String(v.ferry_MBps).padStart(5)} MB/s, ${v.ratio_vs_borg ?? 'n/a'}x borg, ${v.ratio_vs_restic ?? 'n/a'}x restic, restore identical: ${v.restore_byte_identical}`);
log(`Restores byte-identical to qemu-img convert: ${identical}`);
log(`Wrote ${join('bench', 'results.json')}`);
if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
