// Console ↔ proxy agent protocol: newline-delimited JSON frames over TLS (pinned certificate + token).
// One connection carries one disk task, so a lost connection means exactly one lost task.
import { z } from 'zod';

export const AGENT_PORT = 6170;
export const MAX_AGENT_LINE = 64 * 1024 * 1024;

const ErrorBody = z.object({ code: z.string(), message: z.string() });

export const ToAgent = z.discriminatedUnion('t', [
  z.object({ t: z.literal('hello'), token: z.string().max(256), version: z.string() }),
  // The task body is validated by the agent against DiskTask's shape (see agent-server).
  z.object({ t: z.literal('task'), task: z.record(z.string(), z.unknown()) }),
  // A restore: one disk of a point written on this server (RestoreDiskTask, validated by the agent).
  z.object({ t: z.literal('restore'), task: z.record(z.string(), z.unknown()) }),
  z.object({ t: z.literal('cancel') }),
]);
export type ToAgent = z.infer<typeof ToAgent>;

export const FromAgent = z.discriminatedUnion('t', [
  z.object({ t: z.literal('welcome'), version: z.string(), serverId: z.string() }),
  z.object({ t: z.literal('denied'), error: ErrorBody }),
  z.object({ t: z.literal('event'), event: z.record(z.string(), z.unknown()) }),
  z.object({ t: z.literal('done'), result: z.record(z.string(), z.unknown()) }),
  z.object({ t: z.literal('failed'), error: ErrorBody }),
]);
export type FromAgent = z.infer<typeof FromAgent>;

/** Agents and consoles talk when major.minor match; patch releases are compatible. */
export const compatible = (a: string, b: string): boolean => a.split('.').slice(0, 2).join('.') === b.split('.').slice(0, 2).join('.');
