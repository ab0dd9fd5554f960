// The crash-safe record Ferry writes next to each snapshot on the machine itself (snapshot.json), plus the gate's
// created.txt. After a console crash they are the only memory of which shadow copies Ferry made, where.
import { z } from 'zod';
import { parseGateMarker, psList } from '../exec/parse';

export const HostRecord = z.object({
  ferry: z.literal(1),
  role: z.literal('host'),
  snapshotId: z.string(),
  hostId: z.string(),
  volumeId: z.string(),
  volumePath: z.string(),
  vmIds: z.array(z.string()),
  applicationConsistent: z.boolean(),
  providerId: z.string(),
  alias: z.string(),
  createdAt: z.string(),
});
export type HostRecord = z.infer<typeof HostRecord>;

export const ProxyRecord = z.object({
  ferry: z.literal(1),
  role: z.literal('proxy'),
  snapshotId: z.string(),
  hostId: z.string(),
  setId: z.string().nullable(),
  shadowIds: z.array(z.string()),
  importedAt: z.string(),
});
export type ProxyRecord = z.infer<typeof ProxyRecord>;

const ListedFolder = z.object({ folder: z.string(), record: z.string().nullable().optional(), created: z.string().nullable().optional() });

export interface FolderRecord {
  folder: string;
  record: HostRecord | ProxyRecord | null;
  /** ids the gate wrote (host only): VSS_SHADOW_SET and the volume aliases */
  gateVars: Record<string, string>;
}

/** Items of listFerryRecordsPs; unreadable records are kept with record = null (the folder still needs cleanup). */
export function parseFolderRecords(value: unknown): FolderRecord[] {
  const items = psList(ListedFolder).parse(value);
  return items.map((item) => ({
    folder: item.folder,
    record: parseRecord(item.record ?? null),
    gateVars: item.created ? parseGateMarker(item.created) : {},
  }));
}

function parseRecord(text: string | null): HostRecord | ProxyRecord | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    const host = HostRecord.safeParse(value);
    if (host.success) return host.data;
    const proxy = ProxyRecord.safeParse(value);
    return proxy.success ? proxy.data : null;
  } catch {
    return null;
  }
}

/** Shadow ids a folder record knows about (gate vars on the host, the import result on the proxy). */
export function recordShadowIds(r: FolderRecord): { setId: string | null; shadowIds: string[] } {
  if (r.record?.role === 'proxy') return { setId: r.record.setId, shadowIds: r.record.shadowIds };
  const setId = r.gateVars.VSS_SHADOW_SET ?? null;
  const shadowIds = Object.entries(r.gateVars)
    .filter(([name]) => name !== 'VSS_SHADOW_SET')
    .map(([, id]) => id);
  return { setId, shadowIds };
}
