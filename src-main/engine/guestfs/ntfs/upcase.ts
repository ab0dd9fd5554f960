// $UpCase (record 10): the volume's own upper-case table, 65,536 UTF-16 code units. Directory indexes are sorted
// by it, so a lookup that descends the B+ tree must compare names exactly as the volume does.
import { AttrType } from './attribute';
import { corrupt } from './corrupt';
import { loadFile, openAttribute } from './file-record';
import type { Mft } from './mft';

const UPCASE_RECORD = 10;
const UPCASE_BYTES = 65536 * 2;

export type Upcase = Uint16Array;

export async function loadUpcase(mft: Mft): Promise<Upcase> {
  const file = await loadFile(mft, UPCASE_RECORD);
  const data = openAttribute(mft, file, AttrType.Data, '');
  if (!data || data.size !== UPCASE_BYTES) throw corrupt(`$UpCase has ${data?.size ?? 0} bytes, expected ${UPCASE_BYTES}`);
  const bytes = await data.read(0, UPCASE_BYTES);
  const table = new Uint16Array(65536);
  for (let i = 0; i < 65536; i++) table[i] = bytes.readUInt16LE(i * 2);
  return table;
}

/** NTFS file name collation: upper-cased code units first; equal ones ordered case-sensitively (as ntfs-3g). */
export function collateNames(upcase: Upcase, a: string, b: string): { ignoringCase: number; exact: number } {
  const n = Math.min(a.length, b.length);
  let exact = 0;
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    const ua = upcase[ca];
    const ub = upcase[cb];
    if (ua !== ub) return { ignoringCase: ua < ub ? -1 : 1, exact: ua < ub ? -1 : 1 };
    if (exact === 0 && ca !== cb) exact = ca < cb ? -1 : 1;
  }
  const byLength = a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  return { ignoringCase: byLength, exact: byLength !== 0 ? byLength : exact };
}
