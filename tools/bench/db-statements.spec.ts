import { describe, expect, it } from 'vitest';
import { statementsByDatabase } from './db-statements';

describe('statementsByDatabase', () => {
  it('sums the counter by its database label and ignores other metrics', () => {
    const text = [
      '# HELP db_statements_total SQL statements sent',
      '# TYPE db_statements_total counter',
      'db_statements_total{database="orchestrator_x",service="orchestrator"} 120',
      'db_statements_total{service="orchestrator",database="cache"} 3',
      'db_statements_total_created{database="cache"} 1700000000',
      'process_cpu_seconds_total{service="orchestrator"} 4.2',
    ].join('\n');
    expect([...statementsByDatabase(text)]).toEqual([
      ['orchestrator_x', 120],
      ['cache', 3],
    ]);
  });
});
