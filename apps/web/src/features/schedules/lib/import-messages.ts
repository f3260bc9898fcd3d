import type { ImportMessage, ImportValidation } from '@medicalink/sdk';

export type MessageLevel = 'error' | 'warning' | 'info';
export interface LeveledMessage extends ImportMessage {
  level: MessageLevel;
}
export type MessageSortKey = 'level' | 'sheet' | 'row' | 'column' | 'code';

const LEVEL_ORDER: Record<MessageLevel, number> = { error: 0, warning: 1, info: 2 };

/** The merged validation as one list, each message with its level. */
export function mergedMessages(validation: ImportValidation): LeveledMessage[] {
  return [
    ...validation.errors.map((message) => ({ ...message, level: 'error' as const })),
    ...validation.warnings.map((message) => ({ ...message, level: 'warning' as const })),
    ...validation.infos.map((message) => ({ ...message, level: 'info' as const })),
  ];
}

/** The messages of a level (all when empty) whose text, code or column contains `text`. */
export function filterMessages(
  messages: readonly LeveledMessage[],
  level: MessageLevel | '',
  text: string,
): LeveledMessage[] {
  const needle = text.trim().toLowerCase();
  return messages.filter(
    (message) =>
      (level === '' || message.level === level) &&
      (needle === '' ||
        [message.message, message.code, message.column ?? '', message.sheet ?? '']
          .join(' ')
          .toLowerCase()
          .includes(needle)),
  );
}

/** Sorted by a column; rows by number, messages without a row last; ties by row. */
export function sortMessages(
  messages: readonly LeveledMessage[],
  key: MessageSortKey,
  direction: 'asc' | 'desc',
): LeveledMessage[] {
  const sign = direction === 'asc' ? 1 : -1;
  const value = (message: LeveledMessage): number | string => {
    if (key === 'level') return LEVEL_ORDER[message.level];
    if (key === 'row') return message.row ?? Number.MAX_SAFE_INTEGER;
    return (message[key] ?? '').toLowerCase();
  };
  return [...messages].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    if (x < y) return -sign;
    if (x > y) return sign;
    return (a.row ?? Number.MAX_SAFE_INTEGER) - (b.row ?? Number.MAX_SAFE_INTEGER);
  });
}
