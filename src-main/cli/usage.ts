/** Bad command-line arguments: exit code 2, nothing changed. */
export class UsageError extends Error {}
