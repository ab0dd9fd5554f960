// Syslog to a real listener (node dgram / net in this process): RFC 5424 header fields, structured data escaping,
// UDP one datagram per message, TCP octet-counting framing; an unreachable TCP server fails with its code.
import { afterEach, describe, expect, it } from 'vitest';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import type { FerryError } from '../../../../src-shared/contract/errors';
import { freePort } from '../testing/smtp-server';
import type { NotificationMessage } from '../message';
import { sendSyslog, syslogLine } from './syslog';

const message = (over: Partial<NotificationMessage> = {}): NotificationMessage => ({
  kind: 'session-report',
  subject: 's',
  text: 't',
  html: '<p>t</p>',
  severity: 'error',
  line: 'Nightly "SQL" ]: Failed. 1 of 2 VM(s) failed\nsecond line',
  result: 'Failed',
  sessionId: 's-1',
  jobName: 'Nightly "SQL" ]\\',
  facts: {},
  ...over,
});

// <PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD [SP MSG]
const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|\[.*\]) \uFEFF(.*)$/s;

let closers: Array<() => void> = [];
afterEach(() => {
  for (const c of closers) c();
  closers = [];
});

describe('syslog (RFC 5424)', () => {
  it('writes PRI from facility local0 and the severity, the header fields and escaped structured data', () => {
    const line = syslogLine(message(), new Date('2026-12-07T22:00:00.000Z'), 'ferry host');
    const m = RFC5424.exec(line)!;
    expect(m).not.toBeNull();
    expect(Number(m[1])).toBe(16 * 8 + 3);
    expect(m.slice(2, 7)).toEqual(['2026-12-07T22:00:00.000Z', 'ferryhost', 'Ferry', String(process.pid), 'session-report']);
    expect(m[7]).toBe('[ferry@32473 job="Nightly \\"SQL\\" \\]\\\\" result="Failed" session="s-1"]');
    expect(m[8]).toBe('Nightly "SQL" ]: Failed. 1 of 2 VM(s) failed second line');
    expect(Number(RFC5424.exec(syslogLine(message({ severity: 'info', result: 'Success' })))![1])).toBe(134);
    expect(RFC5424.exec(syslogLine(message({ jobName: null, result: null, sessionId: null })))![7]).toBe('-');
  });

  it('UDP: one datagram per message reaches the listener', async () => {
    const socket: Socket = createSocket('udp4');
    closers.push(() => socket.close());
    const got = new Promise<string>((r) => socket.once('message', (b) => r(b.toString('utf8'))));
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
    const port = socket.address().port;
    expect(await sendSyslog({ enabled: true, host: '127.0.0.1', port, transport: 'udp' }, message())).toContain('udp');
    expect(await got).toMatch(RFC5424);
  });

  it('TCP: octet counting ("LEN SP MSG"), so a receiver can split messages', async () => {
    const chunks: Buffer[] = [];
    const done = new Promise<void>((resolve) => {
      const server: Server = createServer((c) => {
        c.on('data', (d) => chunks.push(d));
        c.on('end', () => resolve());
      });
      closers.push(() => server.close());
      server.listen(0, '127.0.0.1', async () => {
        const port = (server.address() as { port: number }).port;
        await sendSyslog({ enabled: true, host: '127.0.0.1', port, transport: 'tcp' }, message());
      });
    });
    await done;
    const frame = Buffer.concat(chunks);
    const space = frame.indexOf(0x20);
    const len = Number(frame.subarray(0, space).toString('ascii'));
    expect(len).toBe(frame.length - space - 1);
    expect(frame.subarray(space + 1).toString('utf8')).toMatch(RFC5424);
  });

  it('TCP to a port nobody listens on: E_NOTIFY_UNREACHABLE', async () => {
    const port = await freePort();
    const err = await sendSyslog({ enabled: true, host: '127.0.0.1', port, transport: 'tcp' }, message()).catch((e: FerryError) => e);
    expect((err as FerryError).code).toBe('E_NOTIFY_UNREACHABLE');
  });
});
