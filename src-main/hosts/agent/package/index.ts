// What scripts/dist-agent.mjs needs to assemble the agent package (it bundles this module with esbuild).
export { AGENT_PACKAGE } from './layout';
export { installAgentPs } from './install-agent-ps';
export { launcherCmd } from './launcher-cmd';
export { serviceHostCs } from './service-host-cs';
