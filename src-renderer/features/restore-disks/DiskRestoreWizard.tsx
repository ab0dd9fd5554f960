export function DiskRestoreWizard(_props: { vmId: string; pointId: string; onClose(): void }) {
  return null;
}
