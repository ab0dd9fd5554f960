export function VmRestoreWizard(_props: { vmId: string; pointId: string; onClose(): void }) {
  return null;
}
