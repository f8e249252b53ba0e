/**
 * POSIX single-quoting: the only safe way to put a value into a shell command. Inside single
 * quotes nothing is special except the quote itself, which is closed, escaped and reopened.
 * NUL cannot be passed through a shell at all, so it is refused rather than silently dropped.
 */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new Error('a NUL character cannot be passed to a shell');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `export A='x' B='y'` for an environment given to a remote command. */
export function exportEnv(env: Record<string, string>): string {
  const names = Object.keys(env);
  for (const name of names) if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new Error(`bad environment variable name ${JSON.stringify(name)}`);
  return names.length === 0 ? 'true' : `export ${names.map((name) => `${name}=${shellQuote(env[name])}`).join(' ')}`;
}
