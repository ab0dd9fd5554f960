// The fixed newstyle handshake: greeting, client flags, then option haggling until the client picks an export
// (NBD_OPT_GO or NBD_OPT_EXPORT_NAME), aborts, or sends something the server will not trust. Every length the
// client sends is bounded before anything is buffered; unknown options get NBD_REP_ERR_UNSUP.
import type { BlockSource } from '../guestfs/types';
import {
  encodeExportNameReply,
  encodeGreeting,
  encodeInfoBlockSize,
  encodeInfoExport,
  encodeInfoText,
  encodeOptionError,
  encodeOptionReply,
  encodeServerEntry,
  FLAG_NO_ZEROES,
  IHAVEOPT,
  Info,
  KNOWN_CLIENT_FLAGS,
  Opt,
  OPTION_HEADER_BYTES,
  Rep,
  TFLAG_CAN_MULTI_CONN,
  TFLAG_HAS_FLAGS,
  TFLAG_READ_ONLY,
  TFLAG_SEND_CACHE,
  TFLAG_SEND_FLUSH,
} from './protocol';
import type { SocketReader } from './socket-reader';

/** One read-only export. */
export interface NbdExport {
  name: string;
  description?: string;
  source: BlockSource;
  /** the block size clients should prefer (the backup's block size) */
  preferredBlockSize?: number;
}

export interface HandshakeLimits {
  /** option data above this closes the connection (names are at most 4096 bytes by the protocol) */
  maxOptionBytes: number;
  /** options one client may send before choosing an export */
  maxOptions: number;
  /** largest request the transmission phase accepts: announced as the maximum block size */
  maxRequestBytes: number;
}

/** Read-only, and reads are the same whichever connection they come through, so clients may open several. */
export const TRANSMISSION_FLAGS = TFLAG_HAS_FLAGS | TFLAG_READ_ONLY | TFLAG_SEND_FLUSH | TFLAG_SEND_CACHE | TFLAG_CAN_MULTI_CONN;

export type HandshakeOutcome = { kind: 'transmission'; export: NbdExport } | { kind: 'closed'; reason: string };

export interface Exports {
  /** the export a client names; '' (the default export) is the server's only export */
  find(name: string): NbdExport | undefined;
  all(): NbdExport[];
}

export async function negotiate(reader: SocketReader, send: (b: Buffer) => void, exports: Exports, limits: HandshakeLimits): Promise<HandshakeOutcome> {
  send(encodeGreeting());
  const clientFlags = (await reader.read(4)).readUInt32BE(0);
  // The protocol: a client flag the server does not know ends the connection.
  if ((clientFlags & ~KNOWN_CLIENT_FLAGS) !== 0) return closed(`unknown client flags 0x${clientFlags.toString(16)}`);
  const noZeroes = (clientFlags & FLAG_NO_ZEROES) !== 0;
  for (let n = 0; n < limits.maxOptions; n++) {
    const header = await reader.read(OPTION_HEADER_BYTES);
    if (header.readBigUInt64BE(0) !== IHAVEOPT) return closed('bad option magic');
    const option = header.readUInt32BE(8);
    const length = header.readUInt32BE(12);
    if (length > limits.maxOptionBytes) return closed(`option ${option} carries ${length} bytes`);
    const data = await reader.read(length);
    const outcome = answerOption(option, data, send, exports, limits, noZeroes);
    if (outcome) return outcome;
  }
  return closed(`more than ${limits.maxOptions} options`);
}

const closed = (reason: string): HandshakeOutcome => ({ kind: 'closed', reason });

/** Replies to one option; returns an outcome when the handshake ends with it. */
function answerOption(option: number, data: Buffer, send: (b: Buffer) => void, exports: Exports, limits: HandshakeLimits, noZeroes: boolean): HandshakeOutcome | undefined {
  switch (option) {
    case Opt.EXPORT_NAME: {
      const exp = exports.find(data.toString('utf8'));
      // No error reply exists for this option: an unknown name closes the connection.
      if (!exp) return closed('unknown export');
      send(encodeExportNameReply(exp.source.size, TRANSMISSION_FLAGS, noZeroes));
      return { kind: 'transmission', export: exp };
    }
    case Opt.ABORT:
      send(encodeOptionReply(option, Rep.ACK));
      return closed('client aborted');
    case Opt.LIST:
      if (data.byteLength !== 0) {
        send(encodeOptionError(option, Rep.ERR_INVALID, 'NBD_OPT_LIST takes no data'));
        return undefined;
      }
      for (const exp of exports.all()) send(encodeOptionReply(option, Rep.SERVER, encodeServerEntry(exp.name)));
      send(encodeOptionReply(option, Rep.ACK));
      return undefined;
    case Opt.INFO:
    case Opt.GO:
      return answerInfo(option, data, send, exports, limits);
    case Opt.STARTTLS:
      send(encodeOptionError(option, Rep.ERR_UNSUP, 'TLS is not offered: the server listens on 127.0.0.1 only'));
      return undefined;
    default:
      // Structured replies, meta contexts and options from the future: plain replies only.
      send(encodeOptionError(option, Rep.ERR_UNSUP, `option ${option} is not supported`));
      return undefined;
  }
}

function parseInfoRequest(data: Buffer): { name: string; infos: number[] } | undefined {
  if (data.byteLength < 6) return undefined;
  const nameLength = data.readUInt32BE(0);
  if (4 + nameLength + 2 > data.byteLength) return undefined;
  const count = data.readUInt16BE(4 + nameLength);
  if (data.byteLength !== 4 + nameLength + 2 + 2 * count) return undefined;
  const infos: number[] = [];
  for (let i = 0; i < count; i++) infos.push(data.readUInt16BE(4 + nameLength + 2 + 2 * i));
  return { name: data.subarray(4, 4 + nameLength).toString('utf8'), infos };
}

function answerInfo(option: number, data: Buffer, send: (b: Buffer) => void, exports: Exports, limits: HandshakeLimits): HandshakeOutcome | undefined {
  const request = parseInfoRequest(data);
  if (!request) {
    send(encodeOptionError(option, Rep.ERR_INVALID, 'malformed NBD_OPT_INFO/GO request'));
    return undefined;
  }
  const exp = exports.find(request.name);
  if (!exp) {
    send(encodeOptionError(option, Rep.ERR_UNKNOWN, `no export named '${request.name}'`));
    return undefined;
  }
  send(encodeOptionReply(option, Rep.INFO, encodeInfoExport(exp.source.size, TRANSMISSION_FLAGS)));
  if (request.infos.includes(Info.NAME)) send(encodeOptionReply(option, Rep.INFO, encodeInfoText(Info.NAME, exp.name)));
  if (request.infos.includes(Info.DESCRIPTION) && exp.description) send(encodeOptionReply(option, Rep.INFO, encodeInfoText(Info.DESCRIPTION, exp.description)));
  if (request.infos.includes(Info.BLOCK_SIZE)) {
    // The protocol wants a power of two here, at least 512.
    const wanted = Math.min(limits.maxRequestBytes, Math.max(4096, exp.preferredBlockSize ?? 1024 * 1024));
    const preferred = 2 ** Math.floor(Math.log2(wanted));
    send(encodeOptionReply(option, Rep.INFO, encodeInfoBlockSize(1, preferred, limits.maxRequestBytes)));
  }
  send(encodeOptionReply(option, Rep.ACK));
  return option === Opt.GO ? { kind: 'transmission', export: exp } : undefined;
}
