import { z } from 'zod';
import { defineEvent } from '../common/define';
import { EducationRecord } from './record.rpc';

export const educationRecordCreated = defineEvent(
  'education.record.created',
  EducationRecord.extend({ occurredAt: z.iso.datetime({ offset: true }) }),
);
