/** Reads "checks.db[0].state" (or "$.checks.db[0].state") from parsed JSON; undefined when absent. */
export function readJsonPath(value: unknown, path: string): { found: boolean; value?: unknown } {
  const parts = path.replace(/^\$\.?/, '').match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let current: unknown = value;
  for (const part of parts) {
    if (part.startsWith('[')) {
      const index = Number(part.slice(1, -1));
      if (!Array.isArray(current) || index >= current.length) return { found: false };
      current = current[index];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, part)) return { found: false };
      current = (current as Record<string, unknown>)[part];
    }
  }
  return { found: true, value: current };
}
