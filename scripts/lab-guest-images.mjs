// Builds the lab's guest disk images (run on Linux as root, with mkntfs/ntfs-3g, mke2fs, mkfs.fat + mtools, sgdisk,
// sfdisk): `node scripts/lab-guest-images.mjs`. Writes assets/lab-guests/<VM>.img.gz (committed), the head of each
// lab VM's system disk: a GPT disk with an EFI FAT32 partition and an NTFS C: holding a plausible Windows tree
// (inetpub\wwwroot on the web servers, database files on SQL01, shares on FILE01), and for APP02 an MBR disk with an
// ext4 root file system. `ferry lab init` only decompresses them: no file system tools are needed there.
// Partitions end at PARTITIONED_MIB; the lab writes its synthetic data and guest writes behind that.
import { execFileSync } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { populateFat32 } from './fat32-populate.mjs';

const MiB = 1024 * 1024;
/** must equal GUEST_IMAGE_MIB in src-main/engine/platform/lab/guest-image.ts */
const PARTITIONED_MIB = 24;
const ESP_MIB = 6;
const OUT = join(dirname(new URL(import.meta.url).pathname), '..', 'assets', 'lab-guests');

const sh = (cmd, args, env = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC', ...env } });
const seeded = (seed, length) => {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16);
  const c = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  return Buffer.concat([c.update(Buffer.alloc(length)), c.final()]);
};
/** binary-looking but compressible (a 4 KiB random block repeated): the committed images stay small */
const binary = (seed, length) => {
  const block = seeded(seed, 4096);
  return Buffer.concat(Array.from({ length: Math.ceil(length / 4096) }, () => block)).subarray(0, length);
};
const text = (seed, length) => {
  const line = `${seed}: lorem ipsum dolor sit amet, consectetur adipiscing elit; `;
  return Buffer.from(line.repeat(Math.ceil(length / line.length)).slice(0, length));
};
/** the day each VM's files were "last written" (fixed: the images are reproducible in content) */
const when = (i) => new Date(Date.UTC(2026, 10, 2 + (i % 20), 8 + (i % 9), (i * 7) % 60, ((i * 13) % 30) * 2)); // even seconds: FAT keeps 2 s

const windowsBase = (vm) => ({
  'Windows/System32/drivers/etc/hosts': Buffer.from(`# Copyright (c) 1993-2009 Microsoft Corp.\r\n127.0.0.1       localhost\r\n::1             localhost\r\n10.0.1.10       ${vm.toLowerCase()}.lab.local\r\n`),
  'Windows/System32/kernel32.dll': binary('kernel32.dll', 96 * 1024),
  'Windows/System32/ntoskrnl.exe': binary('ntoskrnl.exe', 160 * 1024),
  'Windows/System32/config/SYSTEM': text(`${vm} SYSTEM hive`, 256 * 1024),
  'Windows/System32/config/SOFTWARE': text(`${vm} SOFTWARE hive`, 256 * 1024),
  'Windows/Logs/CBS/CBS.log': text(`${vm} CBS`, 64 * 1024),
  'Windows/win.ini': Buffer.from('; for 16-bit app support\r\n[fonts]\r\n[extensions]\r\n'),
  'Users/Administrator/Desktop/desktop.ini': Buffer.from('[.ShellClassInfo]\r\n'),
  'Users/Administrator/Documents/Server notes.txt': Buffer.from(`${vm}: patched 2026-11, next window Sunday 02:00.\r\n`),
  'Users/Administrator/Documents/Übergabe – Prüfliste (финал) 資料.txt': Buffer.from('Unicode name: kept across restore.\r\n'),
  'Users/Public/Documents/readme.txt': Buffer.from('Public documents\r\n'),
  'Program Files/Common Files/System/ado/msado15.dll': binary('msado15.dll', 48 * 1024),
  'ProgramData/Microsoft/Windows/Start Menu/Programs/Startup/.keep': Buffer.alloc(0),
});
/** written first into an empty file system, so it is contiguous: the running lab VM keeps rewriting its contents */
const LIVE_FILE = { windows: 'pagefile.sys', linux: 'var/lib/orders/journal.bin' };
const liveFile = (vm) => binary(`${vm} live file`, 2 * MiB);

const webRoot = (vm) => ({
  'inetpub/wwwroot/index.html': Buffer.from(`<!doctype html>\r\n<html><head><title>Contoso ${vm}</title><link rel="stylesheet" href="css/site.css"></head>\r\n<body><h1>Contoso intranet (${vm})</h1></body></html>\r\n`),
  'inetpub/wwwroot/web.config': Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\r\n<configuration>\r\n  <system.webServer>\r\n    <defaultDocument><files><add value="index.html" /></files></defaultDocument>\r\n  </system.webServer>\r\n</configuration>\r\n'),
  'inetpub/wwwroot/css/site.css': Buffer.from('body { font-family: "Segoe UI", sans-serif; margin: 2rem; }\r\nh1 { color: #0f6cbd; }\r\n'),
  'inetpub/wwwroot/images/logo.png': binary(`${vm} logo.png`, 24 * 1024),
  'inetpub/wwwroot/downloads/catalog-2026.pdf': binary(`${vm} catalog`, 1024 * 1024),
  'inetpub/logs/LogFiles/W3SVC1/u_ex261130.log': text(`${vm} GET /index.html 200`, 128 * 1024),
});

const ROLE = {
  DC01: { 'Windows/NTDS/ntds.dit': text('DC01 ntds', 1024 * 1024), 'Windows/SYSVOL/domain/Policies/{31B2F340-016D-11D2-945F-00C04FB984F9}/GPT.INI': Buffer.from('[General]\r\nVersion=7\r\n') },
  SQL01: {
    'Program Files/Microsoft SQL Server/MSSQL16.MSSQLSERVER/MSSQL/DATA/master.mdf': text('SQL01 master pages', 2 * MiB),
    'Program Files/Microsoft SQL Server/MSSQL16.MSSQLSERVER/MSSQL/DATA/ContosoSales.mdf': binary('SQL01 ContosoSales', 1536 * 1024),
    'Program Files/Microsoft SQL Server/MSSQL16.MSSQLSERVER/MSSQL/DATA/ContosoSales_log.ldf': text('SQL01 log records', 512 * 1024),
    'Program Files/Microsoft SQL Server/MSSQL16.MSSQLSERVER/MSSQL/Log/ERRORLOG': text('SQL01 errorlog', 32 * 1024),
  },
  WEB01: webRoot('WEB01'),
  WEB02: webRoot('WEB02'),
  APP01: { 'Program Files/Contoso/OrderService/OrderService.exe': binary('OrderService.exe', 256 * 1024), 'Program Files/Contoso/OrderService/appsettings.json': Buffer.from('{ "ConnectionStrings": { "Sales": "Server=SQL01;Database=ContosoSales" } }\r\n') },
  FILE01: {
    'Shares/Finance/Budget 2027 (draft).xlsx': binary('FILE01 budget', 300 * 1024),
    'Shares/Finance/Invoices/2026/INV-2026-1187.pdf': binary('FILE01 invoice', 120 * 1024),
    'Shares/HR/Onboarding/Willkommen bei Contoso – Ärzte & Öffnungszeiten.docx': binary('FILE01 docx', 80 * 1024),
    'Shares/HR/Onboarding/新入社員ガイド.pdf': binary('FILE01 jp', 60 * 1024),
    [`Shares/Projects/${'Very long folder name for the migration project '.repeat(3).trim()}/${'a file name that is much longer than the old 8.3 limit '.repeat(3).trim()}.txt`]: Buffer.from('long names survive\r\n'),
  },
  EXCH01: { 'Program Files/Microsoft/Exchange Server/V15/Mailbox/Mailbox Database 0421/Mailbox Database 0421.edb': text('EXCH01 edb', 2 * MiB) },
  'SRV-EDGE01': { 'Program Files/Contoso/EdgeProxy/edge.conf': Buffer.from('listen 443\r\nupstream WEB01 WEB02\r\n') },
};

const ESP_FILES = {
  'EFI/Boot/bootx64.efi': binary('bootx64.efi', 64 * 1024),
  'EFI/Microsoft/Boot/bootmgfw.efi': binary('bootmgfw.efi', 96 * 1024),
  'EFI/Microsoft/Boot/BCD': text('BCD store', 24 * 1024),
  'EFI/Microsoft/Boot/en-US/bootmgfw.efi.mui': binary('bootmgfw.efi.mui', 12 * 1024),
};

const LINUX_FILES = {
  'etc/hostname': Buffer.from('app02\n'),
  'etc/os-release': Buffer.from('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n'),
  'etc/nginx/nginx.conf': Buffer.from('user www-data;\nworker_processes auto;\nhttp {\n  include /etc/nginx/sites-enabled/*;\n}\n'),
  'etc/nginx/sites-available/orders': Buffer.from('server {\n  listen 80;\n  root /srv/orders/public;\n}\n'),
  'srv/orders/public/index.html': Buffer.from('<!doctype html><title>Orders</title><h1>Order service</h1>\n'),
  'srv/orders/app/orders.db': binary('APP02 orders.db', 1024 * 1024),
  'srv/orders/app/config.yaml': Buffer.from('database: /srv/orders/app/orders.db\nlisten: 0.0.0.0:8080\n'),
  'home/admin/.bashrc': Buffer.from('alias ll="ls -l"\n'),
  'home/admin/notes – ünïcödé.txt': Buffer.from('ext4 keeps UTF-8 names\n'),
  'var/log/syslog': text('APP02 systemd[1]: Started orders.service', 192 * 1024),
  'usr/bin/orders': binary('orders binary', 200 * 1024),
  // 600 names: mke2fs makes this an htree (indexed) directory
  ...Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`var/spool/orders/order-${String(i).padStart(5, '0')}.json`, Buffer.from(`{"id":${i}}\n`)])),
};

/** what each image holds, per partition: the oracle the reader tests compare against (path, size, sha256, mtime) */
const manifest = {};
const listed = (files) => Object.entries(files).map(([path, data], i) => ({ path, size: data.length, sha256: createHash('sha256').update(data).digest('hex'), mtimeMs: when(i).getTime() }));

const windowsFiles = (vm) => ({ [LIVE_FILE.windows]: liveFile(vm), ...windowsBase(vm), ...(ROLE[vm] ?? {}) });
const linuxFiles = () => ({ [LIVE_FILE.linux]: liveFile('APP02'), ...LINUX_FILES });

/** Where the live file's bytes lie on the disk (searched, then checked whole: it must be one contiguous run). */
function liveFileRange(disk, vm) {
  const img = readFileSync(disk);
  const data = liveFile(vm);
  const head = data.subarray(0, 8192);
  for (let at = img.indexOf(head); at >= 0; at = img.indexOf(head, at + 1)) {
    if (at % 512 === 0 && img.subarray(at, at + data.length).equals(data)) return { path: vm === 'APP02' ? LIVE_FILE.linux : LIVE_FILE.windows, offset: at, size: data.length };
  }
  throw new Error(`${vm}: the live file is not contiguous on the disk`);
}

function writeTree(root, files) {
  let i = 0;
  for (const [rel, data] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, data);
    utimesSync(p, when(i), when(i++));
  }
}

function espImage(work) {
  const tree = join(work, 'esp');
  writeTree(tree, ESP_FILES);
  const img = join(work, 'esp.img');
  writeFileSync(img, Buffer.alloc(0));
  sh('truncate', ['-s', `${ESP_MIB}M`, img]);
  sh('mkfs.fat', ['-F', '32', '-s', '1', '-n', 'SYSTEM', '-i', '5E7A0001', img]);
  populateFat32(img, tree, 'SYSTEM');
  const fsck = execFileSync('fsck.fat', ['-n', '-V', img], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }); // fails on errors
  if (!/0 files|files,/.test(fsck)) throw new Error(fsck);
  return img;
}

function ntfsImage(work, vm, startSector, sizeMiB) {
  const img = join(work, 'ntfs.img');
  sh('truncate', ['-s', `${sizeMiB}M`, img]);
  sh('mkntfs', ['-F', '-f', '-q', '-L', 'Windows', '-p', String(startSector), '-H', '255', '-S', '63', img]);
  const mnt = join(work, 'mnt');
  mkdirSync(mnt);
  sh('ntfs-3g', [img, mnt]);
  try {
    writeTree(mnt, windowsFiles(vm));
  } finally {
    sh('fusermount', ['-u', mnt]);
  }
  return img;
}

function ext4Image(work, sizeMiB) {
  const tree = join(work, 'root');
  writeTree(tree, linuxFiles());
  mkdirSync(join(tree, 'etc/nginx/sites-enabled'));
  symlinkSync('../sites-available/orders', join(tree, 'etc/nginx/sites-enabled/orders'));
  symlinkSync('/etc/shadow', join(tree, 'home/admin/shadow-link')); // points out of any restore folder: never followed
  const img = join(work, 'ext4.img');
  sh('truncate', ['-s', `${sizeMiB}M`, img]);
  const uuid = '0a9c1f3e-5d2b-4e6a-9b7c-2f4d6e8a0b1c';
  sh('mke2fs', ['-q', '-t', 'ext4', '-L', 'root', '-U', uuid, '-E', `hash_seed=${uuid},root_owner=0:0`, '-d', tree, img], { E2FSPROGS_FAKE_TIME: '1795000000' });
  // mke2fs -d writes linear directories; e2fsck -D indexes the big ones (htree), as a long-running system has them
  try {
    sh('e2fsck', ['-fyD', img], { E2FSPROGS_FAKE_TIME: '1795000000' });
  } catch (e) {
    if (e.status !== 1) throw e; // 1: "file system was modified", which -D does by design
  }
  return img;
}

function place(disk, part, startMiB) {
  sh('dd', [`if=${part}`, `of=${disk}`, 'bs=1M', `seek=${startMiB}`, 'conv=notrunc', 'status=none']);
}

function windowsDisk(work, vm) {
  const disk = join(work, 'disk.img');
  sh('truncate', ['-s', `${PARTITIONED_MIB}M`, disk]);
  const guid = (n) => createHash('sha256').update(`${vm}-${n}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5');
  const ntfsStart = 1 + ESP_MIB;
  sh('sgdisk', ['-U', guid('disk'), '-n', `1:1M:+${ESP_MIB}M`, '-t', '1:ef00', '-c', '1:EFI system partition', '-u', `1:${guid(1)}`,
    '-n', `2:${ntfsStart}M:0`, '-t', '2:0700', '-c', '2:Basic data partition', '-u', `2:${guid(2)}`, disk]);
  const ntfsMiB = PARTITIONED_MIB - ntfsStart - 1; // the last MiB holds the backup GPT
  place(disk, espImage(work), 1);
  place(disk, ntfsImage(work, vm, ntfsStart * 2048, ntfsMiB), ntfsStart);
  return disk;
}

function linuxDisk(work) {
  const disk = join(work, 'disk.img');
  sh('truncate', ['-s', `${PARTITIONED_MIB}M`, disk]);
  // an MBR with one Linux partition from 1 MiB to the end (sgdisk writes GPT only; sfdisk may be absent)
  const mbr = Buffer.alloc(512);
  mbr.writeUInt32LE(0x0a9c1f3e, 440);
  mbr[446 + 4] = 0x83;
  mbr.writeUInt32LE(2048, 446 + 8);
  mbr.writeUInt32LE((PARTITIONED_MIB - 1) * 2048, 446 + 12);
  mbr.writeUInt16LE(0xaa55, 510);
  const fd = openSync(disk, 'r+');
  writeSync(fd, mbr, 0, 512, 0);
  closeSync(fd);
  place(disk, ext4Image(work, PARTITIONED_MIB - 1), 1);
  return disk;
}

const WINDOWS_VMS = ['DC01', 'SQL01', 'WEB01', 'WEB02', 'APP01', 'FILE01', 'EXCH01', 'SRV-EDGE01'];
mkdirSync(OUT, { recursive: true });
for (const vm of [...WINDOWS_VMS, 'APP02']) {
  const work = mkdtempSync(join(tmpdir(), `ferry-guest-${vm}-`));
  try {
    const disk = vm === 'APP02' ? linuxDisk(work) : windowsDisk(work, vm);
    const volumes = vm === 'APP02' ? { p1: listed(linuxFiles()) } : { p1: listed(ESP_FILES), p2: listed(windowsFiles(vm)) };
    manifest[vm] = { liveFile: liveFileRange(disk, vm), volumes };
    const gz = gzipSync(readFileSync(disk), { level: 9 });
    writeFileSync(join(OUT, `${vm}.img.gz`), gz);
    console.log(`${vm}: ${(gz.length / 1024).toFixed(0)} KiB`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
writeFileSync(join(OUT, 'manifest.json'), JSON.stringify({ partitionedMiB: PARTITIONED_MIB, vms: manifest }));
