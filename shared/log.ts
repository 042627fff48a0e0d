/**
 * Scoped loggers, quiet by default. Switch on with the environment variable
 * COMMONPLACE_LOG (Node) or localStorage.COMMONPLACE_LOG (renderer): a comma list of
 * scopes, or `*` for all. Errors always print.
 */
export interface Logger {
  debug(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

function enabledScopes(): string {
  const g = globalThis as { process?: { env?: Record<string, string | undefined> }; localStorage?: Storage };
  try {
    return g.process?.env?.COMMONPLACE_LOG ?? g.localStorage?.getItem('COMMONPLACE_LOG') ?? '';
  } catch {
    return ''; // localStorage can throw in sandboxed frames: logging stays off
  }
}

export function createLogger(scope: string): Logger {
  const scopes = enabledScopes().split(',').map((s) => s.trim());
  const on = scopes.includes('*') || scopes.includes(scope);
  const prefix = `[${scope}]`;
  /* eslint-disable no-console -- the one place allowed to print */
  return {
    debug: (...args) => on && console.debug(prefix, ...args),
    warn: (...args) => on && console.warn(prefix, ...args),
    error: (...args) => console.error(prefix, ...args),
  };
  /* eslint-enable no-console */
}
