import type { EducationStatus } from '@medicalink/sdk';

const ACTION_LABELS: Record<string, string> = {
  stage: 'Education data staged',
  validate: 'Validation',
  category: 'Category determination',
  categoryWithoutValidation: 'Category determination (validation skipped)',
  linkAccount: 'Account linking',
  create: 'Record creation',
  complete: 'Completion',
};

/**
 * What an audit-trail entry was, in words. The trail names the session's creation and the
 * record's creation both `create`; the session's is the one that starts from no status.
 */
export function auditActionLabel(entry: { action: string; from?: EducationStatus | null }) {
  if (entry.action === 'create' && entry.from === null) return 'Registration opened';
  return ACTION_LABELS[entry.action] ?? entry.action;
}
