// A JSON POST for chat and ITSM tools: the message's facts plus subject and text. Anything but 2xx is a failure
// (retried), with the status and the start of what the endpoint said.
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { WebhookSettings } from '../../../../src-shared/contract/settings';
import type { NotificationMessage } from '../message';

const TIMEOUT_MS = 15_000;

export function webhookBody(message: NotificationMessage): Record<string, unknown> {
  return { source: 'Ferry', kind: message.kind, severity: message.severity, subject: message.subject, text: message.text, ...message.facts };
}

export async function sendWebhook(w: WebhookSettings, message: NotificationMessage): Promise<string> {
  if (!w.url) throw new FerryError(ErrorCode.NotifyFailed, 'The webhook is not configured: enter its address');
  let res: Response;
  try {
    res = await fetch(w.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Ferry' },
      body: JSON.stringify(webhookBody(message)),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (e) {
    const cause = (e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message;
    throw new FerryError(ErrorCode.NotifyUnreachable, `Webhook ${origin(w.url)} could not be reached: ${cause}`);
  }
  const said = (await res.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ');
  if (!res.ok) throw new FerryError(ErrorCode.NotifyRefused, `Webhook ${origin(w.url)} answered ${res.status}${said ? `: ${said}` : ''}`);
  return `Posted to ${origin(w.url)} (${res.status})`;
}

/** Where it went, without the path (webhook URLs often carry their secret in the path or query). */
function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the webhook';
  }
}
