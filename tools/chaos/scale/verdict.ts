/** The figures of a scale chaos run, its last line and the targets it must meet: pure. */
import { summarize, type Findings } from '../system/accounting';
import type { FaultWindow, RequestRecord } from '../system/model';
import { minShare, type ServiceShare } from './replica-share';

/** Each replica of a service handles at least this part of its RPCs while all of them run. */
export const MIN_REPLICA_SHARE = 0.3;

export interface ScaleSummary {
  requests: number;
  /** a 5xx or no response overlapping no kill's or outage's window */
  failuresOutside: number;
  lost: number;
  duplicates: number;
  orphans: number;
  stuck: number;
  /** not on the last line, but a target like the others (see Findings.inconsistent) */
  inconsistent: number;
  /** faults after which no request that needed the app succeeded */
  unrecoveredFaults: number;
  /** the smallest share of a service's RPCs one replica handled while all ran; NaN: unmeasured */
  minReplicaShare: number;
}

export function summarizeScale(
  records: readonly RequestRecord[],
  windows: readonly FaultWindow[],
  findings: Findings,
  shares: readonly ServiceShare[],
): ScaleSummary {
  const system = summarize(records, windows, findings);
  return {
    requests: system.requests,
    failuresOutside: system.failuresOutside,
    lost: system.lost,
    duplicates: findings.duplicates.length,
    orphans: system.orphans,
    stuck: system.stuck,
    inconsistent: system.inconsistent,
    unrecoveredFaults: system.unrecoveredFaults,
    minReplicaShare: minShare(shares),
  };
}

export function scaleSummaryLine(summary: ScaleSummary): string {
  const share = Number.isNaN(summary.minReplicaShare) ? 'n/a' : summary.minReplicaShare.toFixed(2);
  return (
    `chaos scale: requests ${summary.requests}, 5xx outside kill windows ${summary.failuresOutside}, ` +
    `lost writes ${summary.lost}, duplicates ${summary.duplicates}, orphans ${summary.orphans}, ` +
    `stuck sagas ${summary.stuck}, min replica share ${share}`
  );
}

/** The targets the run missed, one line each; none: it passed. */
export function missedTargets(summary: ScaleSummary): string[] {
  const counts: [string, number][] = [
    ['5xx outside kill windows', summary.failuresOutside],
    ['lost writes', summary.lost],
    ['duplicates', summary.duplicates],
    ['orphans', summary.orphans],
    ['stuck sagas', summary.stuck],
    ['inconsistent', summary.inconsistent],
    ['faults without a recovery', summary.unrecoveredFaults],
  ];
  return [
    ...(summary.requests === 0 ? ['no request was made'] : []),
    ...counts
      .filter(([, count]) => count > 0)
      .map(([name, count]) => `${name}: ${count} (target 0)`),
    ...(summary.minReplicaShare >= MIN_REPLICA_SHARE
      ? []
      : [
          `min replica share: ${Number.isNaN(summary.minReplicaShare) ? 'unmeasured' : summary.minReplicaShare.toFixed(2)} (target >= ${MIN_REPLICA_SHARE})`,
        ]),
  ];
}
