// Console ↔ proxy agent protocol: newline-delimited JSON frames over TLS (pinned certificate + token).
// One connection carries one disk task, so a lost connection means exactly one lost task.
import { z } from 'zod';

export const AGENT_PORT = 6170;
export const MAX_AGENT_LINE = 64 * 1024 * 1024;
/** a replica block frame carries at most 4 MiB of disk (base64) */
const MAX_BLOCK_BASE64 = Math.ceil((4 * 1024 * 1024) / 3) * 4;

const ErrorBody = z.object({ code: z.string(), message: z.string() });

export const ToAgent = z.discriminatedUnion('t', [
  z.object({ t: z.literal('hello'), token: z.string().max(256), version: z.string() }),
  // The task body is validated by the agent against DiskTask's shape (see agent-server).
  z.object({ t: z.literal('task'), task: z.record(z.string(), z.unknown()) }),
  // A restore: one disk of a point written on this server (RestoreDiskTask, validated by the agent).
  z.object({ t: z.literal('restore'), task: z.record(z.string(), z.unknown()) }),
  z.object({ t: z.literal('cancel') }),
  // A replica disk written by this agent (the target host's data mover): open, blocks in offset order, commit.
  z.object({
    t: z.literal('replica-open'),
    open: z.object({ file: z.string().min(1).max(1024), parentFile: z.string().min(1).max(1024).optional(), virtualSize: z.number().int().positive().max(64 * 2 ** 40), transferId: z.string().min(1).max(200) }).strict(),
  }),
  z.object({ t: z.literal('block'), offset: z.number().int().nonnegative().max(64 * 2 ** 40), data: z.string().max(MAX_BLOCK_BASE64) }),
  z.object({ t: z.literal('commit') }),
]);
export type ToAgent = z.infer<typeof ToAgent>;

export const FromAgent = z.discriminatedUnion('t', [
  z.object({ t: z.literal('welcome'), version: z.string(), serverId: z.string() }),
  z.object({ t: z.literal('denied'), error: ErrorBody }),
  z.object({ t: z.literal('event'), event: z.record(z.string(), z.unknown()) }),
  z.object({ t: z.literal('done'), result: z.record(z.string(), z.unknown()) }),
  z.object({ t: z.literal('failed'), error: ErrorBody }),
  z.object({ t: z.literal('replica-ready'), resumeFrom: z.number().int().nonnegative() }),
  /** every block up to `upTo` (exclusive) was written (flow control: the sender keeps a window in flight) */
  z.object({ t: z.literal('ack'), upTo: z.number().int().nonnegative() }),
  z.object({ t: z.literal('committed'), fileBytes: z.number().int().nonnegative() }),
]);
export type FromAgent = z.infer<typeof FromAgent>;

/** Agents and consoles talk when major.minor match; patch releases are compatible. */
export const compatible = (a: string, b: string): boolean => a.split('.').slice(0, 2).join('.') === b.split('.').slice(0, 2).join('.');
