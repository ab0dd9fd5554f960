// Step 1: what kind of server is being added. Discovery checks the server really is that kind.
import { Radio, RadioGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ManagedServerKind } from '../../../../src-shared/domain';
import { useServerWizard } from '../store';

const useStyles = makeStyles({
  option: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, paddingBottom: tokens.spacingVerticalS },
  explain: { color: tokens.colorNeutralForeground3 },
});

const KINDS: { kind: ManagedServerKind; label: string; explain: string }[] = [
  {
    kind: 'hyperv-host',
    label: 'Hyper-V host',
    explain: 'A standalone Hyper-V server. Its VMs and SAN volumes appear in the inventory; jobs can back them up.',
  },
  {
    kind: 'hyperv-cluster',
    label: 'Hyper-V cluster',
    explain: 'A failover cluster, by its cluster name: every node, the CSVs and all clustered VMs come with it.',
  },
  {
    kind: 'windows-server',
    label: 'Windows server (for off-host proxies)',
    explain: 'A server without VMs to protect, to become an off-host backup proxy that reads transported SAN snapshots.',
  },
];

export function TypeStep() {
  const s = useStyles();
  const kind = useServerWizard((w) => w.kind);
  const setKind = useServerWizard((w) => w.setKind);
  return (
    <RadioGroup aria-label="Type of server" value={kind ?? ''} onChange={(_e, d) => setKind(d.value as ManagedServerKind)}>
      {KINDS.map((k) => (
        <Radio
          key={k.kind}
          value={k.kind}
          label={
            <span className={s.option}>
              <Text weight="semibold">{k.label}</Text>
              <Text size={200} className={s.explain}>
                {k.explain}
              </Text>
            </span>
          }
        />
      ))}
    </RadioGroup>
  );
}
