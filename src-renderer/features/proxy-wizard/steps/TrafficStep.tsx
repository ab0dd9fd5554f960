// Step 5: traffic rules — an optional cap on how fast each task of this proxy reads from the SAN.
import { Checkbox, Field, SpinButton, Text } from '@fluentui/react-components';
import { spinValue } from '../../../lib/spin';
import { useProxyWizard } from '../store';
import { MAX_THROTTLE_MBPS } from '../validation';

export function TrafficStep({ error }: { error: string | null }) {
  const enabled = useProxyWizard((w) => w.throttleEnabled);
  const mbps = useProxyWizard((w) => w.throttleMBps);
  const maxTasks = useProxyWizard((w) => w.maxTasks);
  const setThrottle = useProxyWizard((w) => w.setThrottle);

  return (
    <>
      <Checkbox
        label="Throttle reads from the SAN on this proxy"
        checked={enabled}
        onChange={(_e, d) => setThrottle(d.checked === true, mbps)}
      />
      {enabled && (
        <Field
          label="Maximum read rate per task (MB/s)"
          required
          validationMessage={error ?? undefined}
          validationState={error ? 'error' : 'none'}
          hint={`Allowed: 1–${MAX_THROTTLE_MBPS.toLocaleString()} MB/s. The bottleneck panel of a session shows when throttling is the limiter.`}
        >
          <SpinButton value={mbps} min={1} max={MAX_THROTTLE_MBPS} step={10} onChange={(_e, d) => setThrottle(true, spinValue(d))} />
        </Field>
      )}
      <Text>
        {enabled && mbps && !error
          ? `With ${maxTasks ?? '?'} concurrent tasks this proxy reads at most ${((maxTasks ?? 0) * mbps).toLocaleString()} MB/s in total.`
          : 'No limit: the proxy reads as fast as the SAN, the proxy and the repository allow.'}
      </Text>
    </>
  );
}
