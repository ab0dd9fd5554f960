// E-mail through nodemailer (a well-kept SMTP client: STARTTLS, implicit TLS, AUTH), never hand-written SMTP. A
// failure becomes a FerryError with a stable code saying what kind it is — wrong password, server not reachable,
// recipient refused — and the server's own words as the reason.
import nodemailer from 'nodemailer';
import * as tls from 'node:tls';
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { EmailSettings } from '../../../../src-shared/contract/settings';
import type { NotificationMessage } from '../message';

/** How long a server may take to answer before the attempt counts as unreachable (a retry follows). */
const TIMEOUT_MS = 15_000;

export interface EmailAccount {
  settings: EmailSettings;
  password: string | null;
}

export async function sendEmail(account: EmailAccount, message: NotificationMessage): Promise<string> {
  const e = account.settings;
  if (!e.host || !e.from || e.recipients.length === 0) throw new FerryError(ErrorCode.NotifyFailed, 'E-mail is not configured: enter the SMTP server, the sender and at least one recipient');
  const transport = nodemailer.createTransport({
    host: e.host,
    port: e.port,
    secure: e.security === 'tls',
    requireTLS: e.security === 'starttls',
    ignoreTLS: e.security === 'none',
    auth: e.user ? { user: e.user, pass: account.password ?? '' } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    // the certificate is always verified; against Node's CAs and the OS store (an internal CA on Windows is there)
    tls: { ca: trustedCas() },
  });
  try {
    const info = await transport.sendMail({
      from: e.from,
      to: e.recipients,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: {
        'X-Ferry-Kind': message.kind,
        ...(message.sessionId ? { 'X-Ferry-Session': message.sessionId } : {}),
        ...(message.result ? { 'X-Ferry-Result': message.result } : {}),
      },
    });
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.length > 0) throw new FerryError(ErrorCode.NotifyRefused, `The SMTP server refused recipient(s) ${rejected.join(', ')}`);
    return `Sent to ${e.recipients.join(', ')} through ${e.host}:${e.port}`;
  } catch (err) {
    throw smtpError(err, e);
  } finally {
    transport.close();
  }
}

let cas: string[] | null = null;

/** Node's bundled CAs plus the operating system's (Windows certificate store, /etc/ssl), read once. */
function trustedCas(): string[] | undefined {
  if (cas) return cas;
  if (typeof tls.getCACertificates !== 'function') return undefined;
  try {
    cas = [...new Set([...tls.getCACertificates('default'), ...tls.getCACertificates('system')])];
  } catch {
    cas = [...tls.getCACertificates('default')];
  }
  return cas;
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** nodemailer's error codes (EAUTH, ECONNECTION, EENVELOPE, …) as Ferry's stable codes. */
export function smtpError(err: unknown, e: Pick<EmailSettings, 'host' | 'port'>): FerryError {
  if (err instanceof FerryError) return err;
  const f = (err ?? {}) as SmtpFailure;
  const said = (f.response ?? f.message ?? String(err)).replace(/\s+/g, ' ').trim();
  const where = `${e.host}:${e.port}`;
  // a certificate the server presents and Ferry does not trust arrives as a socket error: it is not "unreachable"
  if (/certificate|self[- ]signed|CERT_|altname/i.test(`${said} ${(err as { reason?: string }).reason ?? ''}`)) {
    return new FerryError(ErrorCode.NotifyFailed, `TLS with the SMTP server ${where} failed: its certificate is not trusted (${said})`);
  }
  switch (f.code) {
    case 'EAUTH':
    case 'ENOAUTH':
      return new FerryError(ErrorCode.NotifyAuth, `The SMTP server ${where} refused the account or password: ${said}`);
    case 'ECONNECTION':
    case 'ETIMEDOUT':
    case 'ESOCKET':
    case 'EDNS':
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
      return new FerryError(ErrorCode.NotifyUnreachable, `The SMTP server ${where} could not be reached: ${said}`);
    case 'EENVELOPE':
      return new FerryError(ErrorCode.NotifyRefused, `The SMTP server ${where} refused the message: ${said}`);
    case 'ETLS':
      return new FerryError(ErrorCode.NotifyFailed, `TLS with the SMTP server ${where} failed: ${said}`);
  }
  if (typeof f.responseCode === 'number' && f.responseCode >= 500) return new FerryError(ErrorCode.NotifyRefused, `The SMTP server ${where} refused the message: ${said}`);
  return new FerryError(ErrorCode.NotifyFailed, `E-mail through ${where} failed: ${said}`);
}
