import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { AppError } from '../../src-shared/errors';

/** A JSON configuration file, or undefined when there is none. */
export function readConfigFile(file: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new AppError('invalid_input', `The configuration file ${file} is not valid JSON.`);
  }
}

/** The message names the key, and the file when the value came from one, so IT knows what to fix where. */
export function configError(issue: z.core.$ZodIssue | undefined, file: string | null): AppError {
  const key = issue?.path.join('.') || (issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'the configuration');
  return new AppError('invalid_input', `${file ? `${file}: ` : ''}Configuration error in ${key}: ${issue?.message}`);
}
