// The one place these tests reach into Ferry's Windows code: every generator of a PowerShell script, and the
// parsers and classes that read what those scripts print. (The platform's files may move into subfolders; only
// these imports need to follow.)
export {
  JSON_SENTINEL,
  listFerryRecordsPs,
  mountPointStatePs,
  prepareHostSnapshotPs,
  prepareProxyPs,
  psq,
  readCabPs,
  readGateStatePs,
  removeWorkPs,
  serverFactsPs,
  signalGatePs,
  unprepareProxyPs,
  writeProxyCabPs,
  gateScript,
} from '../../src-main/engine/platform/windows/scripts';
export { rctChangesPs, rctReferencePointsPs, rctRetirePs } from '../../src-main/engine/platform/windows/rct/rct-scripts';
export {
  checkpointReplicaPs,
  failoverStartPs,
  mergeOldestCheckpointPs,
  permanentFailoverPs,
  registerReplicaPs,
  replicaFolderPs,
  shutDownVmPs,
  undoFailoverPs,
} from '../../src-main/engine/platform/windows/replication/replica-scripts';
export { deployAgentPs, uninstallAgentPs } from '../../src-main/engine/platform/windows/agent/agent-deploy-scripts';
export { remoteWrapperScript, RemoteExecutor, takeExitMarker, CRED_SECRET_ENV, CRED_USER_ENV } from '../../src-main/engine/platform/windows/exec/remote-executor';
export { LocalExecutor, powershellBootstrap } from '../../src-main/engine/platform/windows/exec/local-executor';
export type { ExecRequest, ExecResult, Executor, RemoteCredential } from '../../src-main/engine/platform/windows/exec/executor';
export { extractPsJson, parseDiskShadow } from '../../src-main/engine/platform/windows/exec/parse';
export { parseServerFacts, serverFactsFromJson } from '../../src-main/engine/platform/windows/discovery/server-facts';
export type { ServerFacts } from '../../src-main/engine/platform/windows/discovery/server-facts';
export { WindowsChangeTracking } from '../../src-main/engine/platform/windows/rct/change-tracking';
export { ScriptRunner } from '../../src-main/engine/platform/windows/exec/script-runner';
export type { Target } from '../../src-main/engine/platform/windows/exec/script-runner';
export { powerShellFailureError } from '../../src-main/engine/platform/windows/errors';
export { dpapiCodec } from '../../src-main/engine/secrets/dpapi-codec';
export { installAgentPs, serviceHostCs, AGENT_PACKAGE } from '../../src-main/hosts/agent/package/index';
export { parseFolderRecords, HostRecord } from '../../src-main/engine/platform/windows/snapshot/records';

// Where the recorded transcripts and golden files are (relative to the repository root).
export const TRANSCRIPTS_DIR = 'src-main/engine/platform/windows/testing/__transcripts__';
export const GOLDEN_DIRS = ['src-main/engine/platform/windows/testing/__golden__', 'src-main/hosts/agent/package/__golden__'];
export { WinRmAgentDeployer, agentEndpointSecretName } from '../../src-main/engine/platform/windows/agent/agent-deployer';
export { MemorySecrets, makeAgentPackage } from '../../src-main/engine/platform/windows/testing/agent-test-support';
export { launcherCmd } from '../../src-main/hosts/agent/package/index';
