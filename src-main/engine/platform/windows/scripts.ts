// Every script Ferry runs on Windows, in one place for reviewers and the golden tests. The generators live in
// small modules by kind: DiskShadow (.dsh), the exec gate (.cmd), PowerShell snippets, the server probe.
export { CRLF, JSON_SENTINEL, psq } from './exec/script-text';
export {
  HYPERV_WRITER_ID,
  deleteShadowsScript,
  exposeScript,
  hostCreateScript,
  listShadowsScript,
  proxyImportScript,
  unexposeScript,
} from './snapshot/dsh-scripts';
export type { DeleteTarget, Exposure, HostCreateParams, ShadowVolume } from './snapshot/dsh-scripts';
export { GATE_POLL_SECONDS, gateScript } from './snapshot/gate-script';
export type { GateParams } from './snapshot/gate-script';
export {
  listFerryRecordsPs,
  mountPointStatePs,
  prepareHostSnapshotPs,
  readCabPs,
  readGateStatePs,
  removeWorkPs,
  signalGatePs,
  writeProxyCabPs,
} from './snapshot/ps-scripts';
export type { MountPointState, PrepareHostParams, WriteProxyCabParams } from './snapshot/ps-scripts';
export { prepareProxyPs, unprepareProxyPs } from './agent/proxy-scripts';
export { serverFactsPs } from './discovery/ps-server-facts';
