/** Before and after of an audit entry: field by field when both are records, pretty JSON otherwise. */

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const show = (value: unknown): string => {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const pretty = (value: unknown) => (value === null || value === undefined ? 'null' : JSON.stringify(value, null, 2));

interface FieldRow {
  key: string;
  was: unknown;
  now: unknown;
  changed: boolean;
}

/** Every field of either side, the changed ones first (a creation or removal changes them all). */
const rowsOf = (before: unknown, after: unknown): FieldRow[] => {
  const was = isRecord(before) ? before : {};
  const now = isRecord(after) ? after : {};
  const rows = [...new Set([...Object.keys(now), ...Object.keys(was)])].map((key) => ({
    key,
    was: isRecord(before) ? was[key] : undefined,
    now: isRecord(after) ? now[key] : undefined,
    changed: false,
  }));
  for (const row of rows) row.changed = !same(row.was, row.now);
  return [...rows.filter((row) => row.changed), ...rows.filter((row) => !row.changed)];
};

export const ChangeView = ({ before, after }: { before: unknown; after: unknown }) => {
  const beforeRecord = before === null || before === undefined ? {} : before;
  const afterRecord = after === null || after === undefined ? {} : after;
  const fieldByField = isRecord(beforeRecord) && isRecord(afterRecord) && (before != null || after != null);

  return (
    <div className="change">
      {fieldByField ? (
        <table className="table table-compact change-table">
          <caption className="visually-hidden">Fields before and after the change</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {rowsOf(before, after).map(({ key, was, now, changed }) => {
              return (
                <tr key={key} className={changed ? 'change-changed' : 'change-same'}>
                  <th scope="row" className="change-field">
                    {key}
                    {changed ? <span className="visually-hidden"> (changed)</span> : null}
                  </th>
                  <td className="change-before">{was === undefined ? <span className="muted">—</span> : show(was)}</td>
                  <td className="change-after">{now === undefined ? <span className="muted">—</span> : show(now)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <details className="change-json" open={!fieldByField}>
        <summary>Before and after as JSON</summary>
        <div className="change-json-columns">
          <div>
            <p className="detail-label">Before</p>
            <pre className="code-block">{pretty(before)}</pre>
          </div>
          <div>
            <p className="detail-label">After</p>
            <pre className="code-block">{pretty(after)}</pre>
          </div>
        </div>
      </details>
    </div>
  );
};
