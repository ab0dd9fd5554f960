// Public surface of the Windows platform. The engine needs WindowsPlatform plus an Executor; the rest is exported
// for tools (CLI diagnostics). Test doubles live in testing/ and are never exported here.
export { WindowsPlatform } from './windows-platform';
export { DEFAULT_TIMEOUTS } from './timeouts';
export type { WindowsTimeouts } from './timeouts';
export type { WindowsPlatformOptions } from './platform-options';
export type { AgentDeployer } from './agent/proxy-admin';
export { WinRmAgentDeployer, agentEndpointSecretName } from './agent/agent-deployer';
export type { WinRmAgentDeployerDeps } from './agent/agent-deployer';
export type { CredentialProvider, ExecProgram, ExecRequest, ExecResult, Executor, RemoteCredential } from './exec/executor';
export { LocalExecutor } from './exec/local-executor';
export type { LocalExecutorOptions } from './exec/local-executor';
export { RemoteExecutor } from './exec/remote-executor';
export type { RemoteExecutorOptions, WinRmOptions } from './exec/remote-executor';
export { WinCode, HRESULT_TABLE, lookupHresult, formatHresult } from './error-codes';
export type { HresultRow } from './error-codes';
export type { WindowsInventory, WinHost, WinVolume, WinVm, WinVmDisk, WinCluster } from './discovery/inventory';
export type { Target } from './exec/script-runner';
export { DEFAULT_READINESS_POLICY } from './discovery/readiness';
export type { ReadinessPolicy } from './discovery/readiness';
