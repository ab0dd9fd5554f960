// Traffic rules: an optional cap on how fast each task of this proxy reads from the SAN, always or only
// inside a window (typically business hours, when production storage must not suffer).
import { Checkbox, Field, Input, Radio, RadioGroup, SpinButton, Text, makeStyles, tokens } from '@fluentui/react-components';
import { WeekdayPicker } from '../../../components/WeekdayPicker';
import { spinValue } from '../../../lib/spin';
import { useProxyWizard } from '../store';
import { MAX_THROTTLE_MBPS, throttleError, throttleWindowErrors, trafficRuleText, type ThrottleScope } from '../validation';

const useStyles = makeStyles({
  indent: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingLeft: tokens.spacingHorizontalXXL },
  times: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'flex-start' },
});

export function TrafficStep() {
  const s = useStyles();
  const enabled = useProxyWizard((w) => w.throttleEnabled);
  const mbps = useProxyWizard((w) => w.throttleMBps);
  const maxTasks = useProxyWizard((w) => w.maxTasks);
  const scope = useProxyWizard((w) => w.throttleScope);
  const days = useProxyWizard((w) => w.windowDays);
  const start = useProxyWizard((w) => w.windowStart);
  const end = useProxyWizard((w) => w.windowEnd);
  const setThrottle = useProxyWizard((w) => w.setThrottle);
  const setWindow = useProxyWizard((w) => w.setThrottleWindow);
  const rateError = throttleError(enabled, mbps);
  const windowErrors = throttleWindowErrors(scope, days, start, end);
  const valid = !rateError && !windowErrors;

  return (
    <>
      <Checkbox
        label="Throttle reads from the SAN on this proxy"
        checked={enabled}
        onChange={(_e, d) => setThrottle(d.checked === true, mbps)}
      />
      {enabled && (
        <div className={s.indent}>
          <Field
            label="Maximum read rate per task (MB/s)"
            required
            validationMessage={rateError ?? undefined}
            validationState={rateError ? 'error' : 'none'}
            hint={`Allowed: 1–${MAX_THROTTLE_MBPS.toLocaleString()} MB/s. The bottleneck panel of a session shows when throttling is the limiter.`}
          >
            <SpinButton value={mbps} min={1} max={MAX_THROTTLE_MBPS} step={10} onChange={(_e, d) => setThrottle(true, spinValue(d))} />
          </Field>
          <Field label="Apply the limit">
            <RadioGroup value={scope} onChange={(_e, d) => setWindow({ throttleScope: d.value as ThrottleScope })}>
              <Radio value="always" label="Always" />
              <Radio value="window" label="Only during these hours (console local time)" />
            </RadioGroup>
          </Field>
          {scope === 'window' && (
            <>
              <WeekdayPicker label="Days" days={days} error={windowErrors?.days} onChange={(windowDays) => setWindow({ windowDays })} />
              <div className={s.times}>
                <Field label="From" validationMessage={windowErrors?.start} validationState={windowErrors?.start ? 'error' : 'none'}>
                  <Input type="time" value={start} onChange={(_e, d) => setWindow({ windowStart: d.value })} />
                </Field>
                <Field
                  label="To"
                  validationMessage={windowErrors?.end}
                  validationState={windowErrors?.end ? 'error' : 'none'}
                  hint="Earlier than From: the window runs across midnight."
                >
                  <Input type="time" value={end} onChange={(_e, d) => setWindow({ windowEnd: d.value })} />
                </Field>
              </div>
            </>
          )}
        </div>
      )}
      <Text aria-live="polite">
        {!enabled
          ? 'No limit: the proxy reads as fast as the SAN, the proxy and the repository allow.'
          : valid && mbps
            ? `Traffic rule: ${trafficRuleText(mbps, scope === 'window' ? { days, start, end } : null)}. With ${maxTasks ?? '?'} concurrent tasks this proxy reads at most ${((maxTasks ?? 0) * mbps).toLocaleString()} MB/s in total${scope === 'window' ? ' inside the window, without limit outside it (a disk being read when the window opens or closes follows it)' : ''}.`
            : 'Complete the traffic rule to continue.'}
      </Text>
    </>
  );
}
