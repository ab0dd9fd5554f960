// A VM's configuration as a restore needs it: what Hyper-V's VM settings say (generation, CPU, memory, firmware,
// NICs, disk attachments) and, on Windows, which configuration files (.vmcx/.vmrs/.vmgs) were copied from the
// snapshot. The lab models the same settings per VM; Inventory shows them; every restore point keeps them per VM.
// No import from domain.ts on purpose (domain.ts imports this file).
import { z } from 'zod';

export const VmGeneration = z.union([z.literal(1), z.literal(2)]);

export const VmMemory = z.object({
  startupBytes: z.number().int().positive(),
  dynamic: z.boolean(),
  /** dynamic memory only; equal to startupBytes when static */
  minimumBytes: z.number().int().positive(),
  maximumBytes: z.number().int().positive(),
});
export type VmMemory = z.infer<typeof VmMemory>;

/** Generation 2 only (UEFI); generation 1 VMs boot BIOS and have none */
export const VmFirmware = z.object({
  secureBoot: z.boolean(),
  /** e.g. MicrosoftWindows, MicrosoftUEFICertificateAuthority; null when secure boot is off */
  secureBootTemplate: z.string().nullable(),
});
export type VmFirmware = z.infer<typeof VmFirmware>;

export const VmNic = z.object({
  name: z.string(),
  /** the virtual switch it is connected to; null = not connected */
  switchName: z.string().nullable(),
  /** 12 hex digits as Hyper-V writes it, e.g. 00155D010203 */
  macAddress: z.string().regex(/^[0-9A-F]{12}$/),
  macAddressType: z.enum(['static', 'dynamic']),
  /** access VLAN; null = untagged */
  vlanId: z.number().int().min(1).max(4094).nullable(),
});
export type VmNic = z.infer<typeof VmNic>;

export const VmDiskAttachment = z.object({
  /** the VM's disk index (the same index the restore point keeps per disk) */
  diskIndex: z.number().int().nonnegative(),
  controllerType: z.enum(['IDE', 'SCSI']),
  controllerNumber: z.number().int().min(0).max(3),
  controllerLocation: z.number().int().min(0).max(63),
});
export type VmDiskAttachment = z.infer<typeof VmDiskAttachment>;

/** A configuration file read from the snapshot with the disks (Windows); the lab writes none */
export const VmConfigFile = z.object({
  kind: z.enum(['vmcx', 'vmrs', 'vmgs']),
  /** file name as on the host, e.g. 3F2504E0-4F89-11D3-9A0C-0305E82C3301.vmcx */
  name: z.string(),
  sizeBytes: z.number().int().nonnegative(),
});
export type VmConfigFile = z.infer<typeof VmConfigFile>;

export const VmConfig = z.object({
  generation: VmGeneration,
  /** Hyper-V configuration version, e.g. "10.0" */
  configVersion: z.string(),
  processorCount: z.number().int().min(1).max(240),
  memory: VmMemory,
  firmware: VmFirmware.nullable(),
  nics: z.array(VmNic),
  disks: z.array(VmDiskAttachment),
  configFiles: z.array(VmConfigFile).default([]),
});
export type VmConfig = z.infer<typeof VmConfig>;
