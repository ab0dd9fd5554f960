// Syslog, RFC 5424, over UDP (one message per datagram) or TCP (RFC 6587 octet counting: "LEN SP MSG"). The
// message is small and fixed in shape, so it is written here: no maintained npm client does 5424 over both.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { SyslogSettings } from '../../../../src-shared/contract/settings';
import type { NotificationMessage, Severity } from '../message';

/** local0: where appliance-style applications log by convention (admins route it to their SIEM) */
const FACILITY_LOCAL0 = 16;
const SEVERITY: Record<Severity, number> = { error: 3, warning: 4, info: 6 };
/** IANA private enterprise number 32473 is reserved for documentation (RFC 5612): the SD-ID says it is Ferry's */
const SD_ID = 'ferry@32473';
const TIMEOUT_MS = 10_000;
const MAX_UDP_BYTES = 8192;

/** PARAM-VALUE escaping (RFC 5424 §6.3.3): ", \ and ] are backslash-escaped. */
const sdValue = (v: string) => v.replace(/["\\\]]/g, (c) => `\\${c}`);
/** HOSTNAME, APP-NAME, MSGID: printable US-ASCII without spaces, or "-" */
const header = (v: string, max: number) => v.replace(/[^\x21-\x7e]/g, '').slice(0, max) || '-';

export function syslogLine(message: NotificationMessage, at: Date = new Date(), host: string = hostname()): string {
  const pri = FACILITY_LOCAL0 * 8 + SEVERITY[message.severity];
  const msgId = header(message.kind, 32);
  const params: Array<[string, string | null]> = [
    ['job', message.jobName],
    ['result', message.result],
    ['session', message.sessionId],
  ];
  const sd = params.filter(([, v]) => v !== null).map(([k, v]) => `${k}="${sdValue(v as string)}"`);
  const data = sd.length > 0 ? `[${SD_ID} ${sd.join(' ')}]` : '-';
  // BOM before the free-form MSG: it is UTF-8 (RFC 5424 §6.4), VM names need not be ASCII; one line only
  return `<${pri}>1 ${at.toISOString()} ${header(host, 255)} Ferry ${process.pid} ${msgId} ${data} \uFEFF${message.line.replace(/[\r\n]+/g, ' ')}`;
}

export async function sendSyslog(s: SyslogSettings, message: NotificationMessage): Promise<string> {
  if (!s.host) throw new FerryError(ErrorCode.NotifyFailed, 'Syslog is not configured: enter the server');
  const line = syslogLine(message);
  if (s.transport === 'udp') await sendUdp(s.host, s.port, Buffer.from(line, 'utf8').subarray(0, MAX_UDP_BYTES));
  else await sendTcp(s.host, s.port, line);
  return `Sent to ${s.host}:${s.port}/${s.transport}`;
}

function sendUdp(host: string, port: number, payload: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', (e) => {
      socket.close();
      reject(new FerryError(ErrorCode.NotifyUnreachable, `Syslog server ${host}:${port}/udp: ${e.message}`));
    });
    socket.send(payload, port, host, (e) => {
      socket.close();
      if (e) reject(new FerryError(ErrorCode.NotifyUnreachable, `Syslog server ${host}:${port}/udp: ${e.message}`));
      else resolve();
    });
  });
}

function sendTcp(host: string, port: number, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(line, 'utf8');
    const socket = connect({ host, port });
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error('no answer within 10 s')));
    socket.once('error', (e) => reject(new FerryError(ErrorCode.NotifyUnreachable, `Syslog server ${host}:${port}/tcp could not be reached: ${e.message}`)));
    socket.once('connect', () => {
      socket.end(Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]), () => resolve());
    });
  });
}
