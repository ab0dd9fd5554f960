// Console side of one agent task: TLS with the agent's certificate pinned (fingerprint), token handshake,
// version check, then task → events → result. Cancelling or losing the connection ends the task.
import { connect, type TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { AgentEndpoint } from '../../platform/types';
import type { DiskTask, DiskTaskEvent, DiskTaskResult } from '../task';
import type { RestoreDiskTask, RestoreTaskEvent, RestoreTaskResult } from '../restore-task';
import { compatible, FromAgent, MAX_AGENT_LINE } from './protocol';
import { readLines, writeFrame } from './ndjson';

const CONNECT_TIMEOUT_MS = 10_000;

export function runOnAgent(ep: AgentEndpoint, consoleVersion: string, task: DiskTask, onEvent: (e: DiskTaskEvent) => void, signal: AbortSignal): Promise<DiskTaskResult> {
  return runFrameOnAgent(ep, consoleVersion, 'task', task, onEvent, signal);
}

/** A restore task on the target's agent: the same connection rules, a 'restore' frame. */
export function runRestoreOnAgent(ep: AgentEndpoint, consoleVersion: string, task: RestoreDiskTask, onEvent: (e: RestoreTaskEvent) => void, signal: AbortSignal): Promise<RestoreTaskResult> {
  return runFrameOnAgent(ep, consoleVersion, 'restore', task, onEvent, signal);
}

function runFrameOnAgent<T extends object, E, R>(ep: AgentEndpoint, consoleVersion: string, kind: 'task' | 'restore', task: T, onEvent: (e: E) => void, signal: AbortSignal): Promise<R> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let welcomed = false;
    const finish = (err: FerryError | null, result?: R) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err) reject(err);
      else resolve(result as R);
    };
    const socket: TLSSocket = connect({
      host: ep.host,
      port: ep.port,
      ca: [ep.certPem],
      // The agent's certificate is self-signed for its host: trust exactly that certificate, nothing else.
      checkServerIdentity: (_host, cert) => {
        const pinned = new X509Certificate(ep.certPem).fingerprint256;
        return cert.fingerprint256 === pinned && pinned === ep.fingerprint256
          ? undefined
          : new FerryError(ErrorCode.AgentAuth, `Agent on ${ep.serverName} presented certificate ${cert.fingerprint256}, expected the pinned ${ep.fingerprint256}`);
      },
    });
    const timer = setTimeout(() => finish(new FerryError(ErrorCode.AgentUnreachable, `Agent on ${ep.serverName} (${ep.host}:${ep.port}) did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
    const onAbort = () => {
      if (!socket.destroyed) writeFrame(socket, { t: 'cancel' });
      finish(new FerryError(ErrorCode.Cancelled, 'Stopped by the user'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => writeFrame(socket, { t: 'hello', token: ep.token, version: consoleVersion }));
    socket.on('error', (e) =>
      finish(e instanceof FerryError ? e : new FerryError(welcomed ? ErrorCode.AgentLost : ErrorCode.AgentUnreachable, `Agent on ${ep.serverName}: ${e.message}`)),
    );
    socket.on('close', () => finish(new FerryError(ErrorCode.AgentLost, `Connection to the agent on ${ep.serverName} was lost during the task`)));
    readLines(
      socket,
      MAX_AGENT_LINE,
      (line) => {
        let frame: FromAgent;
        try {
          frame = FromAgent.parse(JSON.parse(line));
        } catch {
          return finish(new FerryError(ErrorCode.AgentLost, `Agent on ${ep.serverName} sent a malformed frame`));
        }
        switch (frame.t) {
          case 'welcome':
            if (!compatible(frame.version, consoleVersion)) {
              return finish(new FerryError(ErrorCode.AgentVersion, `Agent on ${ep.serverName} is version ${frame.version}, the console is ${consoleVersion}: re-run the proxy wizard to upgrade the agent`));
            }
            welcomed = true;
            clearTimeout(timer);
            writeFrame(socket, { t: kind, task });
            return;
          case 'denied':
            return finish(new FerryError(frame.error.code, `Agent on ${ep.serverName} refused the console: ${frame.error.message}`));
          case 'event':
            return onEvent(frame.event as unknown as E);
          case 'done':
            return finish(null, frame.result as unknown as R);
          case 'failed':
            return finish(new FerryError(frame.error.code, frame.error.message));
        }
      },
      () => finish(new FerryError(ErrorCode.AgentLost, `Agent on ${ep.serverName} sent a frame over ${MAX_AGENT_LINE} bytes`)),
    );
  });
}
