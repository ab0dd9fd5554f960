// Virtual-disk formats (VHDX, VHD, raw): reading for the data mover, writing for the lab.
export { crc32c } from './crc32c';
export type { DiskExtent, DiskReader } from './disk-reader';
export { openDisk } from './reader';
export { createDifferencingVhdx, createDynamicVhdx, VhdxWriter, type CreateDifferencingOptions, type CreateVhdxOptions } from './writer';
