/**
 * Replaces ${VAR} and ${VAR:-default} in every string of a parsed YAML tree. Returns the new tree,
 * the values that came from the environment (secrets to redact) and problems by key path.
 */
export interface Interpolated {
  value: unknown;
  secrets: string[];
  problems: Array<{ path: string; message: string }>;
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function interpolateEnv(tree: unknown, env: Record<string, string | undefined>): Interpolated {
  const secrets = new Set<string>();
  const problems: Interpolated['problems'] = [];

  const visit = (node: unknown, path: string[]): unknown => {
    if (typeof node === 'string') {
      return node.replace(REFERENCE, (_whole, name: string, fallback: string | undefined) => {
        const value = env[name];
        if (value !== undefined && value !== '') {
          secrets.add(value);
          return value;
        }
        if (fallback !== undefined) return fallback;
        problems.push({ path: path.join('.') || '(root)', message: `environment variable ${name} is not set` });
        return '';
      });
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, String(index)]));
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, visit(value, [...path, key])]));
    }
    return node;
  };

  return { value: visit(tree, []), secrets: [...secrets].filter((value) => value.length >= 4), problems };
}
