// Turning a checked Windows server into an off-host proxy and back: work folders, the ownership marker, and the
// data-mover agent through an injected deployer (the agent package is built elsewhere).
import { ErrorCode, FerryError } from '../../../../../src-shared/contract/errors';
import type { ReadinessCheck } from '../../../../../src-shared/domain';
import type { AgentEndpoint, PlatformLog } from '../../types';
import { z } from 'zod';
import { WinCode } from '../error-codes';
import { winError } from '../errors';
import { psList } from '../exec/parse';
import { prepareProxyPs, unprepareProxyPs } from './proxy-scripts';
import type { ScriptRunner, Target } from '../exec/script-runner';

/** Deploys the data-mover agent onto a proxy; the platform prepares and checks the server. */
export interface AgentDeployer {
  install(target: Target, log: PlatformLog): Promise<void>;
  uninstall(target: Target, log: PlatformLog): Promise<void>;
  /** the installed agent's endpoint (started if needed), or null when the server has none */
  endpoint(target: Target): Promise<AgentEndpoint | null>;
}

export interface ProxyAdminDeps {
  run: ScriptRunner;
  workRoot: string;
  commandTimeoutMs: number;
  deployer?: AgentDeployer;
  now: () => string;
}

const Busy = z.object({ busy: psList(z.string()), removed: z.boolean() });

export class ProxyAdmin {
  constructor(private readonly d: ProxyAdminDeps) {}

  /** `checks` are the readiness checks just run for `target`; per-volume failures do not block the install. */
  async install(target: Target, checks: ReadinessCheck[], log: PlatformLog): Promise<void> {
    const blocking = checks.filter((c) => c.status === 'fail' && !c.volumeId);
    if (blocking.length > 0) {
      throw new FerryError(ErrorCode.ProxyNotReady, `${target.name} is not ready to be an off-host proxy: ${blocking.map((c) => c.title).join('; ')}.`, {
        hint: blocking[0].fix ?? 'Fix the failed readiness checks, then try again.',
        checks: blocking,
      });
    }
    for (const c of checks) if (c.status !== 'pass') log('warning', `${target.name}: ${c.title}: ${c.reason}`);
    if (!this.d.deployer) {
      throw winError(WinCode.NotImplemented, `The data-mover agent cannot be deployed to ${target.name}: no agent package is configured for the Windows platform.`, {
        hint: 'Build the agent package (npm run dist:agent), then name its folder in platform.json ("agentPackage") or start ferry serve with --agent-package DIR.',
        server: target.name,
      });
    }
    const marker = JSON.stringify({ ferry: 1, role: 'proxy', serverId: target.id, preparedAt: this.d.now() });
    await this.d.run.ps(target, 'Prepare proxy', prepareProxyPs({ workRoot: this.d.workRoot, markerJson: marker }), this.d.commandTimeoutMs);
    log('info', `${target.name}: work folders prepared under ${this.d.workRoot}`);
    await this.d.deployer.install(target, log);
  }

  async uninstall(target: Target, log: PlatformLog): Promise<void> {
    const result = Busy.parse(await this.d.run.ps(target, 'Remove proxy', unprepareProxyPs({ workRoot: this.d.workRoot }), this.d.commandTimeoutMs));
    if (result.busy.length > 0) {
      throw new FerryError(ErrorCode.ProxyInUse, `${target.name} still holds snapshots (${result.busy.join(', ')}).`, {
        hint: 'Wait for the running jobs to finish, or run the leftover cleanup, then remove the proxy.',
      });
    }
    await this.d.deployer?.uninstall(target, log);
    log('info', `${target.name}: proxy registration removed`);
  }

  endpoint(target: Target): Promise<AgentEndpoint | null> {
    return this.d.deployer ? this.d.deployer.endpoint(target) : Promise.resolve(null);
  }
}
