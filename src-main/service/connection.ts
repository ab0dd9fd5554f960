// One console connection: parses client frames, dispatches requests, keeps this connection's subscriptions.
import { ClientFrame, MAX_FRAME_BYTES, type ServerFrame } from '../../src-shared/contract/protocol';
import { ErrorCode, FerryError } from '../../src-shared/contract/errors';
import { isTopicName } from '../../src-shared/contract/events';
import type { ServerConnection } from '../../src-shared/contract/memory-transport';
import type { CallContext, Dispatcher } from './dispatcher';
import type { EventHub } from './hub';
import { LOCAL_CALLER, type Caller } from './accounts/accounts';

/** initialCaller: the local console (default, an implicit Administrator), or null where accounts are required. */
export function openConnection(dispatcher: Dispatcher, hub: EventHub, send: (f: ServerFrame) => void, initialCaller: Caller | null = LOCAL_CALLER): ServerConnection {
  const subs = new Set<string>();
  const ctx: CallContext = {
    caller: initialCaller,
    setCaller(c) {
      ctx.caller = c;
    },
  };
  const subKey = (topic: string, key: string) => `${topic}\u0000${key}`;
  const off = hub.listen((topic, key, seq, payload) => {
    if (ctx.caller !== null && subs.has(subKey(topic, key))) send({ t: 'evt', topic, key, seq, payload });
  });
  const fail = (id: number, e: FerryError) => send({ t: 'res', id, ok: false, error: e.toPayload() });

  return {
    receive(raw: unknown) {
      // Frames arrive as parsed JSON (IPC, memory) or as text (WebSocket hosts pass the string through).
      let data = raw;
      if (typeof raw === 'string') {
        if (raw.length > MAX_FRAME_BYTES) return fail(0, new FerryError(ErrorCode.BadFrame, `Frame larger than ${MAX_FRAME_BYTES} bytes`));
        try {
          data = JSON.parse(raw);
        } catch {
          return fail(0, new FerryError(ErrorCode.BadFrame, 'Frame is not valid JSON'));
        }
      }
      const parsed = ClientFrame.safeParse(data);
      if (!parsed.success) {
        const id = typeof (data as { id?: unknown })?.id === 'number' ? (data as { id: number }).id : 0;
        return fail(id, new FerryError(ErrorCode.BadFrame, `Malformed frame: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`));
      }
      const frame = parsed.data;
      if (frame.t === 'req') {
        void dispatcher.dispatch(frame.method, frame.params, ctx).then((r) =>
          send(r.ok ? { t: 'res', id: frame.id, ok: true, result: r.result } : { t: 'res', id: frame.id, ok: false, error: r.error }),
        );
        return;
      }
      // events show what sessions do: a connection that has not logged in sees none of them
      if (ctx.caller === null) return fail(0, new FerryError(ErrorCode.Unauthorized, 'Subscribing needs a login (auth.login)'));
      if (!isTopicName(frame.topic)) return fail(0, new FerryError(ErrorCode.UnknownTopic, `Unknown topic ${frame.topic}`));
      if (frame.t === 'sub') subs.add(subKey(frame.topic, frame.key));
      else subs.delete(subKey(frame.topic, frame.key));
    },
    close() {
      off();
      subs.clear();
    },
  };
}
