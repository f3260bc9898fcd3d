import type { Command } from 'commander';
import { UsageError } from '../usage-error';

export interface PagingFlags {
  page?: string;
  limit?: string;
}

/** Adds --page and --limit to a list command. */
export function withPaging(command: Command): Command {
  return command.option('--page <n>', 'page, from 1').option('--limit <n>', 'per page, 1..100');
}

/** --page and --limit as numbers (the gateway checks the upper bound and says so). */
export function pageQuery(flags: PagingFlags): { page?: number; limit?: number } {
  const number = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) {
      throw new UsageError(`--${name} must be a whole number >= 1`);
    }
    return parsed;
  };
  const page = number('page', flags.page);
  const limit = number('limit', flags.limit);
  return { ...(page && { page }), ...(limit && { limit }) };
}
