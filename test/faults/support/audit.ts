// What no response and no default log line may carry: a stack trace, SQL, or a secret. Every response the suite
// receives passes through inspectResponse(); the servers' logs pass through inspectLogLine() at the end.

const secrets = new Set<string>();
const logOnlySecrets = new Set<string>();
export const leaks: string[] = [];

/** A value that must never appear in a response nor a log line (passwords, connection URLs with credentials). */
export function registerSecret(value: string) {
  if (value.length >= 6) secrets.add(value);
}
/** A value a response may carry (a token, to its owner) but no log line. */
export function registerLogSecret(value: string) {
  if (value.length >= 6) logOnlySecrets.add(value);
}

const STACK = /\n\s+at [^\n]*[/:(]|\bat [\w.<>]+ \((?:file:|node:|\/)[^)]*:\d+:\d+\)|"stack"\s*:/;
// Server-made SQL, not a user's text that happens to hold SQL words: drizzle's quoted identifiers, driver
// wording, and PostgreSQL's own error vocabulary.
const SQL = /Failed query|params: |"threads"\."|"posts"\."|"users"\."|\bPostgresError\b|\bDrizzleQueryError\b|syntax error at or near|invalid byte sequence for encoding|violates (unique|foreign key) constraint|date\/time field value out of range|password_hash|scrypt\$\d/;

function scan(text: string, also: Set<string>[]): string | null {
  const stack = STACK.exec(text);
  if (stack) return `stack trace (${JSON.stringify(stack[0].slice(0, 60))})`;
  const sql = SQL.exec(text);
  if (sql) return `SQL or internals (${JSON.stringify(sql[0])})`;
  for (const set of also) {
    for (const secret of set) if (text.includes(secret)) return `a secret (${secret.slice(0, 3)}…)`;
  }
  return null;
}

/** Scans the errors of a GraphQL response (data echoes what clients stored, so only errors and non-JSON bodies). */
export function inspectResponse(where: string, status: number, text: string, json: unknown) {
  let subject = text;
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const errors = (json as { errors?: unknown }).errors;
    subject = errors === undefined ? '' : JSON.stringify(errors);
  }
  if (status >= 500) subject += text; // a 5xx body is scanned whole
  const found = scan(subject, [secrets]);
  if (found) record(`response of ${where} (HTTP ${status}) carries ${found}: ${subject.slice(0, 300)}`);
}

export function inspectLogLine(server: string, line: string): boolean {
  const found = scan(line, [secrets, logOnlySecrets]);
  if (found) record(`log line of ${server} carries ${found}: ${line.slice(0, 300)}`);
  return found === null;
}

function record(message: string) {
  if (leaks.length < 200) leaks.push(message);
}
