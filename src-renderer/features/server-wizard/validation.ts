// Rules that decide whether the Add server wizard may move on. Pure, so they are unit-tested directly.
import { ErrorCode, ServerDraft, ServerName } from '../../../src-shared/contract';
import { HostVssSettings, type Credential, type ManagedServer, type ManagedServerKind, type ServerProbe } from '../../../src-shared/domain';
import { kindMismatch } from '../../../src-shared/server-kind';
import { SERVER_KIND_TEXT, serverNamed } from '../../store/slices/servers/selectors';
import { CONSOLE_CHOICE, credentialIdOf, type CredentialChoice } from '../credentials/CredentialPicker';
import { maxSnapshotsError, type VssForm } from '../servers/VssSettingsFields';

export function kindError(kind: ManagedServerKind | null): string | null {
  return kind ? null : 'Choose what kind of server to add.';
}

export function nameError(name: string, servers: ManagedServer[]): string | null {
  const parsed = ServerName.safeParse(name);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Enter a valid server name.';
  const existing = serverNamed(servers, parsed.data);
  if (existing) return `${existing.name} is already managed (${SERVER_KIND_TEXT[existing.kind]}).`;
  return null;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
export const isIpAddress = (name: string) => IPV4.test(name.trim());

export function credentialError(choice: CredentialChoice, credentials: Credential[], serverName: string): string | null {
  if (choice === null) return 'Choose the account Ferry signs in with: a stored credential or the console identity.';
  if (choice === CONSOLE_CHOICE) {
    // Kerberos needs a service principal name, which an IP address does not have (WinRM then wants explicit credentials).
    return isIpAddress(serverName)
      ? 'The console identity (Kerberos) needs the server’s DNS name; for an IP address choose a stored credential.'
      : null;
  }
  return credentials.some((c) => c.id === choice) ? null : 'That credential no longer exists; choose another one.';
}

export interface ProbeState {
  /** what was probed: a changed name or account needs a new discovery */
  name: string;
  credentialId: string | null;
  status: 'loading' | 'done' | 'error';
  result: ServerProbe | null;
  error: { code: string; message: string } | null;
}

export const probeMatches = (probe: ProbeState | null, name: string, choice: CredentialChoice) =>
  probe !== null && probe.name === name.trim() && probe.credentialId === credentialIdOf(choice);

// The kind rule is shared with the host (servers.add answers E_WRONG_SERVER_KIND with the same message).
export { kindMismatch, type KindMismatch } from '../../../src-shared/server-kind';

/** Discovery blocks Next until it ran for this name and account, found the right kind, and no check failed. */
export function discoveryError(probe: ProbeState | null, kind: ManagedServerKind | null, name: string, choice: CredentialChoice): string | null {
  if (!probeMatches(probe, name, choice) || probe!.status === 'loading') return 'Discovery has not finished.';
  if (probe!.status === 'error' || !probe!.result) return probe!.error?.message ?? 'Discovery failed.';
  const found = probe!.result;
  if (found.alreadyManaged) return `${found.name} is already managed by Ferry.`;
  if (kind) {
    const mismatch = kindMismatch(kind, found);
    if (mismatch) return mismatch.message;
  }
  const failed = found.checks.filter((c) => c.status === 'fail');
  if (failed.length > 0) {
    return `${failed.length} requirement${failed.length === 1 ? '' : 's'} failed: ${failed.map((c) => c.title).join('; ')}. Fix ${failed.length === 1 ? 'it' : 'them'} on the server and run discovery again.`;
  }
  return null;
}

export function vssStepError(vss: VssForm): string | null {
  return maxSnapshotsError(vss.maxSnapshotsPerVolume);
}

/** What an admin should do about a failed discovery, by error code. */
export function probeErrorHint(code: string, serverName: string, usedConsoleIdentity: boolean): string {
  switch (code) {
    case ErrorCode.AccessDenied:
      return usedConsoleIdentity
        ? `${serverName} refused the console identity. A workgroup server (or one in an untrusted domain) accepts only its own accounts: go back to Credentials and choose or add one such as .\\Administrator.`
        : `${serverName} refused the account. Check the password (Change password under Credentials) and that the account is in the server's local Administrators group.`;
    case ErrorCode.ServerUnreachable:
      return `Check the name and DNS, that ${serverName} is running, and that WinRM answers (Enable-PSRemoting; TCP 5985/5986 open in its firewall).`;
    case ErrorCode.WrongServerKind:
      return 'Go back to Type and choose the kind of server it is.';
    default:
      return 'Retry, or go back and check the name and the account.';
  }
}

/** The draft servers.add receives; throws (zod) if a step let something invalid through. */
export function toServerDraft(input: {
  kind: ManagedServerKind;
  name: string;
  description: string;
  choice: CredentialChoice;
  vss: VssForm;
}): ServerDraft {
  const draft: ServerDraft = {
    kind: input.kind,
    name: input.name.trim(),
    description: input.description,
    credentialId: credentialIdOf(input.choice),
  };
  // A plain Windows server takes no snapshots of its own: the host defaults apply and do not matter.
  if (input.kind !== 'windows-server') {
    draft.vss = { failoverToSoftwareProvider: input.vss.failoverToSoftwareProvider, maxSnapshotsPerVolume: input.vss.maxSnapshotsPerVolume ?? HostVssSettings.parse({}).maxSnapshotsPerVolume };
  }
  return ServerDraft.parse(draft);
}
