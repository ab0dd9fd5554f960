// Wire frames shared by every transport (Electron IPC, WebSocket, in-memory).
import { z } from 'zod';

export const MAX_FRAME_BYTES = 1024 * 1024;

export const ReqFrame = z.object({
  t: z.literal('req'),
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  params: z.unknown(),
});
export const SubFrame = z.object({ t: z.literal('sub'), topic: z.string().max(64), key: z.string().max(128) });
export const UnsubFrame = z.object({ t: z.literal('unsub'), topic: z.string().max(64), key: z.string().max(128) });
export const ClientFrame = z.discriminatedUnion('t', [ReqFrame, SubFrame, UnsubFrame]);
export type ReqFrame = z.infer<typeof ReqFrame>;
export type SubFrame = z.infer<typeof SubFrame>;
export type ClientFrame = z.infer<typeof ClientFrame>;

export type ResFrame =
  | { t: 'res'; id: number; ok: true; result: unknown }
  | { t: 'res'; id: number; ok: false; error: { code: string; message: string; details?: unknown } };
export interface EvtFrame {
  t: 'evt';
  topic: string;
  key: string;
  seq: number;
  payload: unknown;
}
export type ServerFrame = ResFrame | EvtFrame;
