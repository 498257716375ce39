import type { z } from 'zod';
import { AppError } from '../../../src-shared/errors';

/** `services[3].name.el` for a zod issue's path. */
function pathOf(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

/**
 * A JSON file IT wrote, checked against its schema. A refusal names the file, where in it the
 * mistake is (with the code of the entry, when it has one) and what is wrong.
 */
export function parseJsonFile<S extends z.ZodType>(file: string, text: string, schema: S): z.output<S> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid_input', `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path ?? [];
  const entry = path.length >= 2 ? entryOf(data, path[0], path[1]) : null;
  const where = path.length ? `${pathOf(path)}${entry ? ` (${entry})` : ''}` : 'the file';
  throw new AppError('invalid_input', `${file}: ${where}: ${issue?.message ?? 'invalid'}`);
}

/** The `code` of the list entry a path goes through, to name it as IT knows it. */
function entryOf(data: unknown, list: PropertyKey | undefined, index: PropertyKey | undefined): string | null {
  if (typeof list !== 'string' || typeof index !== 'number' || typeof data !== 'object' || data === null) return null;
  const item = (data as Record<string, unknown>)[list];
  const code = Array.isArray(item) ? (item[index] as { code?: unknown } | undefined)?.code : undefined;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : null;
}
