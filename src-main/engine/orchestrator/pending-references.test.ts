// The store's list of references taken by sessions that have not retired them yet.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../store/store';
import { PendingReferences } from './pending-references';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function store(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-pending-'));
  dirs.push(dir);
  return new Store(join(dir, 'ferry.db'));
}

describe('PendingReferences', () => {
  it('lists what sessions no longer running took; a session done with them clears its own, except VMs whose retirement failed', () => {
    const s = store();
    try {
      const p = new PendingReferences(s);
      p.add('s1', [{ vmId: 'vm1', diskIndex: 0, referenceId: 'a' }, { vmId: 'vm2', diskIndex: 0, referenceId: 'b' }]);
      p.add('s2', [{ vmId: 'vm1', diskIndex: 0, referenceId: 'c' }]);
      expect(p.orphaned((id) => id === 's2').map((r) => r.referenceId)).toEqual(['a', 'b']);
      p.done('s1', ['vm2']);
      expect(new PendingReferences(s).orphaned(() => false)).toEqual([
        { sessionId: 's1', vmId: 'vm2', diskIndex: 0, referenceId: 'b' },
        { sessionId: 's2', vmId: 'vm1', diskIndex: 0, referenceId: 'c' },
      ]);
    } finally {
      s.close();
    }
  });

  it('an unreadable entry in the store is an empty list, not a failed start', () => {
    const s = store();
    try {
      s.setConfig('changeReferences.pending', '{not json');
      expect(new PendingReferences(s).orphaned(() => false)).toEqual([]);
      s.setConfig('changeReferences.pending', JSON.stringify([{ sessionId: 1 }]));
      expect(new PendingReferences(s).orphaned(() => false)).toEqual([]);
    } finally {
      s.close();
    }
  });
});
