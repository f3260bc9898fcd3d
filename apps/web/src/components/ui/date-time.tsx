/** A date in the browser's locale, with the full timestamp on hover (and for machines). */
export function DateTime({
  value,
  dateOnly = false,
}: {
  value: string | null;
  dateOnly?: boolean;
}) {
  if (!value) return <span>—</span>;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <span>{value}</span>;
  const shown = dateOnly
    ? date.toLocaleDateString(undefined, { dateStyle: 'medium' })
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const full = date.toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'long' });
  return (
    <time dateTime={date.toISOString()} title={full}>
      {shown}
    </time>
  );
}
