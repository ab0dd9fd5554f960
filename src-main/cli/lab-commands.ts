// `ferry lab init`: a fresh lab (or an older one completed) in a data folder, and who is administrator where.
import { EngineLock } from '../engine/data-folder/engine-lock';
import { ensureLab } from '../engine/platform/lab/create-lab';
import { labAccountLines } from '../engine/platform/lab/topology';
import { dataDirOf, dataOpt, parseIntArg } from './args';
import type { Command } from './command';

export const labCommands: Record<string, Command> = {
  'lab init': {
    usage: 'ferry lab init [--data DIR] [--extra-vms N]',
    summary: 'Create a fresh lab (simulated Hyper-V hosts, cluster, SAN, proxies; real VHDX disks) in DIR',
    options: { ...dataOpt, 'extra-vms': { type: 'string' } },
    async run({ values }, io) {
      const extraVms = values['extra-vms'] === undefined ? 0 : parseIntArg('--extra-vms', values['extra-vms'], 0, 1000);
      const dir = dataDirOf(values);
      // it writes the lab's files: only while no engine owns the folder (E_ENGINE_BUSY names the one that does)
      const lock = EngineLock.acquire(dir, 'cli', 'ferry lab init');
      let created: boolean;
      let added: string[];
      try {
        // an existing lab from an older version gains the servers added since (ensureLab completes it, once)
        ({ created, added } = await ensureLab(dir, { extraVms }));
      } finally {
        lock.release();
      }
      io.out(created ? `Created a fresh lab in ${dir}` : added.length ? `Completed the lab in ${dir}: added ${added.join(', ')}` : `A lab already exists in ${dir}; nothing changed`);
      io.out('Lab accounts (HV03 and PROXY04 are workgroup servers to add in the console: Backup Infrastructure → Add server):');
      for (const line of labAccountLines()) io.out(line);
      return 0;
    },
  },
};
