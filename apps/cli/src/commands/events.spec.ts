import { describe, expect, it } from 'vitest';
import { renderEvent } from './events';

describe('medicalink events', () => {
  it('prints one line per event: time, type, subject and the short payload fields', () => {
    const line = renderEvent({
      id: '1-0',
      type: 'schedule.import.phase.finished',
      occurredAt: '2026-01-01T10:00:00.000Z',
      subject: { kind: 'import', id: 'i-1' },
      data: {
        phase: 'spreadsheet',
        outcome: 'succeeded',
        counts: { shiftCount: 8 },
        occurredAt: 'x',
      },
    });

    expect(line).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}schedule\.import\.phase\.finished {2}import i-1 {2}phase=spreadsheet outcome=succeeded$/,
    );
    expect(line).not.toContain('\n');
  });
});
