// What a guest-file restore wrote: counts, the items (renamed ones marked) and what was skipped and why.
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { GuestRestoreReport } from '../../../src-shared/contract/files';
import { formatBytes } from '../../lib/format';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, maxHeight: '160px', overflowY: 'auto', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

const SHOWN = 200;

export function RestoreReport({ report }: { report: GuestRestoreReport }) {
  const s = useStyles();
  return (
    <section aria-label="Restore report">
      <Text weight="semibold" role="status">
        {`Restored ${report.files} file(s) and ${report.folders} folder(s), ${formatBytes(report.bytes)}, to ${report.folder}`}
      </Text>
      <ul className={s.list} aria-label="Restored items">
        {report.items.slice(0, SHOWN).map((i) => (
          <li key={i.hostPath}>{`${i.kind === 'directory' ? '[folder] ' : ''}${i.hostPath}${i.renamed ? ` (renamed from ${i.guestPath.split('/').pop()})` : ''}`}</li>
        ))}
        {report.items.length > SHOWN && <li>{`… and ${report.items.length - SHOWN} more`}</li>}
      </ul>
      {report.skipped.length > 0 && (
        <ul className={s.list} aria-label="Skipped items">
          {report.skipped.map((k) => (
            <li key={k.guestPath}>{`Skipped ${k.guestPath}: ${k.reason}`}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
