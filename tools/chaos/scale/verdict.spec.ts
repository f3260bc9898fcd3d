import { describe, expect, it } from 'vitest';
import type { Findings } from '../system/accounting';
import type { FaultWindow, RequestRecord } from '../system/model';
import { handledRpcs, replicaShares, type ShareSample } from './replica-share';
import { missedTargets, scaleSummaryLine, summarizeScale } from './verdict';

const request = (start: number, status: number): RequestRecord => ({
  kind: 'doctor',
  start,
  end: start + 100,
  status,
});
const findings = (overrides: Partial<Findings> = {}): Findings => ({
  lost: [],
  orphans: [],
  stuck: [],
  inconsistent: [],
  duplicates: [],
  draftsLost: [],
  ...overrides,
});
const kill: FaultWindow = {
  name: 'SIGKILL accounts replica 1',
  dependency: 'accounts',
  start: 10_000,
  back: 12_000,
  recovered: 12_500,
};
const sample = (at: number, handled: Record<string, [string, number]>): ShareSample => ({
  at,
  handled: new Map(
    Object.entries(handled).map(([key, [label, count]]) => [key, { label, handled: count }]),
  ),
});

describe('replicaShares: RPCs per replica while every replica of the service ran', () => {
  it('adds up the intervals where both replicas answered as the same processes, and only those', () => {
    const shares = replicaShares(
      [
        sample(0, { 'accounts/1': ['accounts', 0], 'accounts/2': ['accounts#2', 0] }),
        sample(1, { 'accounts/1': ['accounts', 50], 'accounts/2': ['accounts#2', 40] }),
        // replica 1 killed: the interval before and after it are left out
        sample(2, { 'accounts/2': ['accounts#2', 90] }),
        // replica 1 is a new process (counting from 0): the interval across the restart is left out
        sample(3, { 'accounts/1': ['accounts#3', 5], 'accounts/2': ['accounts#2', 120] }),
        sample(4, { 'accounts/1': ['accounts#3', 35], 'accounts/2': ['accounts#2', 150] }),
      ],
      ['accounts', 'product'],
      2,
    );
    expect(shares[0]).toEqual({ app: 'accounts', handled: [80, 70], share: 70 / 150 });
    expect(shares[1]!.app).toBe('product');
    expect(shares[1]!.share).toBeNaN(); // never sampled: nothing to share
  });

  it('counts the RPC patterns of /metrics, not events nor health checks', () => {
    const metrics = [
      '# TYPE messaging_handler_duration_seconds histogram',
      'messaging_handler_duration_seconds_bucket{le="0.1",pattern="accounts.account.get",outcome="ok"} 7',
      'messaging_handler_duration_seconds_count{pattern="accounts.account.get",outcome="ok"} 7',
      'messaging_handler_duration_seconds_count{outcome="error",pattern="accounts.account.get"} 2',
      'messaging_handler_duration_seconds_count{pattern="accounts.health.check",outcome="ok"} 40',
      'messaging_handler_duration_seconds_count{pattern="staff.account.updated",outcome="ok"} 3',
    ].join('\n');
    expect(handledRpcs(metrics, new Set(['accounts.account.get']))).toBe(9);
  });
});

describe('the verdict of a scale chaos run', () => {
  const shares = [
    { app: 'accounts' as const, handled: [60, 40], share: 0.4 },
    { app: 'product' as const, handled: [50, 50], share: 0.5 },
  ];

  it('passes with every count 0 and every replica doing at least 0.3 of its service’s RPCs', () => {
    // a 5xx during the kill (and its 3 s grace) is excused
    const records = [request(0, 201), request(11_000, 502), request(14_000, 201)];
    const summary = summarizeScale(records, [kill], findings(), shares);
    expect(missedTargets(summary)).toEqual([]);
    expect(scaleSummaryLine(summary)).toBe(
      'chaos scale: requests 3, 5xx outside kill windows 0, lost writes 0, duplicates 0, orphans 0, stuck sagas 0, min replica share 0.40',
    );
  });

  it('fails on a 5xx outside the windows, a duplicate, an inconsistency or a lopsided share', () => {
    const records = [request(0, 201), request(30_000, 500), request(31_000, 201)];
    const summary = summarizeScale(
      records,
      [kill],
      findings({ duplicates: ['import imp-1: 2 schedule versions'], inconsistent: ['x'] }),
      [...shares, { app: 'education', handled: [90, 10], share: 0.1 }],
    );
    expect(scaleSummaryLine(summary)).toBe(
      'chaos scale: requests 3, 5xx outside kill windows 1, lost writes 0, duplicates 1, orphans 0, stuck sagas 0, min replica share 0.10',
    );
    expect(missedTargets(summary)).toEqual([
      '5xx outside kill windows: 1 (target 0)',
      'duplicates: 1 (target 0)',
      'inconsistent: 1 (target 0)',
      'min replica share: 0.10 (target >= 0.3)',
    ]);
  });

  it('fails when a share could not be measured or a fault never recovered', () => {
    const summary = summarizeScale(
      [request(0, 201)],
      [{ ...kill, recovered: undefined }],
      findings(),
      [...shares, { app: 'education', handled: [0, 0], share: Number.NaN }],
    );
    expect(scaleSummaryLine(summary)).toMatch(/min replica share n\/a$/);
    expect(missedTargets(summary)).toEqual([
      'faults without a recovery: 1 (target 0)',
      'min replica share: unmeasured (target >= 0.3)',
    ]);
  });
});
