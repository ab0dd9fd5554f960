// Turns errors from the contract into text an admin can act on.
import { ErrorCode, FerryError } from '../../src-shared/contract';

export function errorMessage(e: unknown): string {
  if (e instanceof FerryError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

export function errorCode(e: unknown): string | null {
  return e instanceof FerryError ? e.code : null;
}

export interface FieldError {
  /** dotted path into the params, e.g. "processing.pinnedProxyIds"; '' when the error is not about a field */
  path: string;
  message: string;
}

/**
 * Field errors of an E_INVALID_PARAMS error. The service may put zod issues in `details`
 * (array, or `{ issues }`); otherwise we split a "path: message; path: message" text.
 */
export function fieldErrors(e: unknown): FieldError[] {
  if (!(e instanceof FerryError) || e.code !== ErrorCode.InvalidParams) return [];
  const fromDetails = issuesFromDetails(e.details);
  if (fromDetails.length > 0) return fromDetails;
  return e.message
    .split(/;\s*|\n/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^([A-Za-z][\w.[\]]*):\s*(.+)$/.exec(part);
      return m ? { path: m[1], message: m[2] } : { path: '', message: part };
    });
}

function issuesFromDetails(details: unknown): FieldError[] {
  const list = Array.isArray(details)
    ? details
    : isRecord(details) && Array.isArray(details.issues)
      ? details.issues
      : [];
  const out: FieldError[] = [];
  for (const issue of list) {
    if (!isRecord(issue) || typeof issue.message !== 'string') continue;
    const path = Array.isArray(issue.path) ? issue.path.join('.') : typeof issue.path === 'string' ? issue.path : '';
    out.push({ path, message: issue.message });
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
