/**
 * SQL statements per process, from the apps' own `db_statements_total` counters (libs/persistence
 * counts them at the driver, BEGIN and COMMIT included), read over each process's /metrics.
 * Counted at the driver because pg_stat_statements needs a server preload that a fresh machine
 * does not have.
 */

const METRIC = /^db_statements_total\{([^}]*)\}\s+(\S+)$/;
const DATABASE_LABEL = /(?:^|,)database="([^"]*)"/;

/** Statements so far by database, from one process's Prometheus text. */
export function statementsByDatabase(metricsText: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of metricsText.split('\n')) {
    const match = METRIC.exec(line.trim());
    if (!match) continue;
    const database = DATABASE_LABEL.exec(match[1] ?? '')?.[1] ?? 'unknown';
    counts.set(database, (counts.get(database) ?? 0) + Number(match[2]));
  }
  return counts;
}

type Readings = Map<string, Map<string, number>>;

/** Statements each process sent between begin() and end(), by database. */
export class StatementMeter {
  private start: Readings = new Map();

  /** `processes`: label -> the process's HTTP base (serving GET /metrics). */
  constructor(private readonly processes: Readonly<Record<string, string>>) {}

  async begin(): Promise<void> {
    this.start = await this.read();
  }

  async end(): Promise<Readings> {
    const now = await this.read();
    const used: Readings = new Map();
    for (const [label, counts] of now) {
      const before = this.start.get(label) ?? new Map<string, number>();
      used.set(
        label,
        new Map([...counts].map(([database, n]) => [database, n - (before.get(database) ?? 0)])),
      );
    }
    return used;
  }

  private async read(): Promise<Readings> {
    const entries = await Promise.all(
      Object.entries(this.processes).map(async ([label, url]) => {
        const response = await fetch(`${url}/metrics`);
        if (!response.ok) throw new Error(`${label} /metrics answered ${response.status}`);
        return [label, statementsByDatabase(await response.text())] as const;
      }),
    );
    return new Map(entries);
  }
}
