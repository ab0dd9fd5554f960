// How long each kind of Windows step may take. Here, apart from the platform's options, because every step reads
// them (discovery/, snapshot/) and this module imports nothing.
export interface WindowsTimeouts {
  /** short PowerShell/DiskShadow steps */
  commandMs: number;
  /** one server's inventory probe */
  inventoryMs: number;
  /** from starting DiskShadow until the gate reports `create` done (Hyper-V writer with many VMs is slow) */
  createMs: number;
  /** longest a host session may be held open (must exceed the longest backup) */
  holdMs: number;
  importMs: number;
  /** from release until DiskShadow has run `end backup` and exited */
  releaseMs: number;
  /** from abort until DiskShadow has quit, before the process is killed */
  abortMs: number;
}

export const DEFAULT_TIMEOUTS: WindowsTimeouts = {
  commandMs: 5 * 60_000,
  inventoryMs: 10 * 60_000,
  createMs: 30 * 60_000,
  holdMs: 24 * 3_600_000,
  importMs: 30 * 60_000,
  releaseMs: 15 * 60_000,
  abortMs: 2 * 60_000,
};
