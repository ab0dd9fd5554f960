// Sandboxed, context-isolated preload: exposes exactly request/subscribe, nothing of ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import type { EvtFrame, ReqFrame, ResFrame, ServerFrame } from '../../../src-shared/contract/protocol';
import { isMethodName } from '../../../src-shared/contract/methods';
import { isTopicName } from '../../../src-shared/contract/events';

const pending = new Map<number, (f: ResFrame) => void>();
const subscribers = new Map<string, Set<(f: EvtFrame) => void>>();
const k = (topic: string, key: string) => `${topic}\u0000${key}`;

ipcRenderer.on('ferry:frame', (_e, frame: ServerFrame) => {
  if (frame.t === 'res') {
    pending.get(frame.id)?.(frame);
    pending.delete(frame.id);
  } else {
    subscribers.get(k(frame.topic, frame.key))?.forEach((cb) => cb(frame));
  }
});

contextBridge.exposeInMainWorld('ferryBridge', {
  request(frame: ReqFrame): Promise<ResFrame> {
    if (!isMethodName(frame.method)) return Promise.resolve({ t: 'res', id: frame.id, ok: false, error: { code: 'E_UNKNOWN_METHOD', message: `Unknown method ${frame.method}` } });
    return new Promise((resolve) => {
      pending.set(frame.id, resolve);
      ipcRenderer.send('ferry:frame', { t: 'req', id: frame.id, method: frame.method, params: frame.params });
    });
  },
  subscribe(topic: string, key: string, cb: (f: EvtFrame) => void): () => void {
    if (!isTopicName(topic)) throw new Error(`Unknown topic ${topic}`);
    const id = k(topic, key);
    let set = subscribers.get(id);
    if (!set) {
      set = new Set();
      subscribers.set(id, set);
      ipcRenderer.send('ferry:frame', { t: 'sub', topic, key });
    }
    set.add(cb);
    return () => {
      set?.delete(cb);
      if (set?.size === 0) {
        subscribers.delete(id);
        ipcRenderer.send('ferry:frame', { t: 'unsub', topic, key });
      }
    };
  },
});
