// Review: the server to be added and what that changes, before anything happens.
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { DetailsList, type DetailItem } from '../../../components/DetailsList';
import { useFerryStore } from '../../../store';
import { credentialText, credentialsSelectors } from '../../../store/slices/credentials/selectors';
import { SERVER_KIND_TEXT, isHyperV } from '../../../store/slices/servers/selectors';
import { credentialIdOf } from '../../credentials/CredentialPicker';
import { vssText } from '../../servers/VssSettingsFields';
import { useServerWizard } from '../store';

const useStyles = makeStyles({
  ul: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
});

export function ReviewStep() {
  const s = useStyles();
  const w = useServerWizard((st) => st);
  const credentials = useFerryStore(credentialsSelectors.items);
  const found = w.probe?.result ?? null;
  if (!w.kind || !found) return <Text>Some steps are incomplete; go back and complete them.</Text>;
  const account = credentialText(credentialIdOf(w.credential), credentials);

  const items: DetailItem[] = [
    { term: 'Type', value: SERVER_KIND_TEXT[w.kind] },
    { term: 'Name', value: w.name.trim() },
    { term: 'Description', value: w.description || '—' },
    { term: 'Credentials', value: account },
    { term: 'Operating system', value: found.os },
  ];
  if (found.nodeNames.length > 0) items.push({ term: 'Nodes', value: found.nodeNames.join(', ') });
  if (isHyperV(w.kind)) {
    items.push({ term: 'Virtual machines', value: String(found.vmCount) });
    items.push({
      term: 'VSS settings',
      value: vssText({ failoverToSoftwareProvider: w.vss.failoverToSoftwareProvider, maxSnapshotsPerVolume: w.vss.maxSnapshotsPerVolume ?? 4 }),
    });
  }

  return (
    <>
      <DetailsList label="Server to be added" items={items} />
      <h4 className={s.heading}>What will change</h4>
      <ul className={s.ul} aria-label="Changes">
        {w.kind === 'hyperv-cluster' && (
          <li>{`${found.name}, its ${found.nodeNames.length} nodes, its CSVs and ${found.vmCount} VM(s) appear in the Inventory; jobs can protect them`}</li>
        )}
        {w.kind === 'hyperv-host' && <li>{`${found.name}, its volumes and ${found.vmCount} VM(s) appear in the Inventory; jobs can protect them`}</li>}
        {w.kind === 'windows-server' && <li>{`${found.name} can be chosen as an off-host backup proxy`}</li>}
        <li>{`Ferry connects over WinRM as ${account}; nothing is installed on the server and it is not restarted`}</li>
      </ul>
      <Text>Click Apply to add the server. You can follow the progress on the next step.</Text>
    </>
  );
}
