import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { evidenceStatusLabels, type EvidenceItem } from '../../../shared/domain/evidence.js';
import { evidenceKindLabels } from '../../../shared/domain/evidenceKinds.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { formatUtc } from '../../components/format.js';
import { RECORDS_PAGE_SIZE, recordAt, recordTypesOf, useEvidence, type RecordType, type RecordsView } from '../../stores/evidence.js';
import { CopyButton } from './CopyButton.js';
import { columnLabel, columnWidth, controlTitle, formatCell, formatDateTime, formatPeriod, formatSize, recordMatcher, recordTypeLabel } from './evidenceFormat.js';
import { VirtualGrid, type GridColumn } from './VirtualGrid.js';

interface Props {
  timeZone: string;
}

/** The selected evidence item: its provenance, the file, the controls it proves and its records. */
export const EvidenceDetail = ({ timeZone }: Props) => {
  const detail = useEvidence((state) => state.detail);
  const controls = useEvidence((state) => state.controls);

  if (!detail) {
    return (
      <section className="evidence-detail evidence-detail-empty" aria-label="Evidence detail">
        <p className="muted">Select an item to see where it came from, its SHA-256, the controls it proves and the records read out of it. The arrow keys move through the list.</p>
      </section>
    );
  }
  const { item, error } = detail;
  return (
    <section className="evidence-detail" aria-labelledby="evidence-detail-title" data-testid="evidence-detail">
      <header className="evidence-detail-header">
        <h2 id="evidence-detail-title">
          <span className="mono">{detail.id}</span>
          {item ? <span className="evidence-detail-name"> · {item.title}</span> : null}
        </h2>
        {item ? <span className={`status-pill status-${item.status}`}>{evidenceStatusLabels[item.status]}</span> : null}
      </header>
      {error ? <ErrorNotice error={error} /> : null}
      {!item && !error ? <p className="muted">Loading {detail.id}…</p> : null}
      {item ? (
        <>
          <div className="evidence-detail-grid">
            <div>
              <h3 className="detail-heading">Provenance</h3>
              <dl className="detail-list evidence-facts" aria-label="Provenance">
                <Fact label="Kind">
                  {evidenceKindLabels[item.kind]} <span className="muted mono">({item.kind})</span>
                </Fact>
                <Fact label="Source system">{item.provenance.sourceSystem}</Fact>
                <Fact label="Collection method">
                  <code className="evidence-command">{item.provenance.collectionMethod}</code>
                </Fact>
                <Fact label="Filters">{item.provenance.filters ?? <span className="muted">None recorded</span>}</Fact>
                <Fact label="Collected at">
                  <Instant iso={item.provenance.collectedAt} timeZone={timeZone} />
                </Fact>
                <Fact label="Period covered">{formatPeriod(item.provenance.periodStart, item.provenance.periodEnd, timeZone)}</Fact>
                <Fact label="Imported at">
                  <Instant iso={item.provenance.importedAt} timeZone={timeZone} />
                </Fact>
                <Fact label="Imported by">{item.provenance.importedBy}</Fact>
                <Fact label="Importer version">{item.provenance.importerVersion}</Fact>
                <Fact label="Record count">{item.provenance.recordCount.toLocaleString('en-GB')}</Fact>
              </dl>
            </div>
            <div>
              <h3 className="detail-heading">File</h3>
              <dl className="detail-list evidence-facts" aria-label="File">
                <Fact label="File name">
                  <span className="mono">{item.fileName}</span>
                </Fact>
                <Fact label="Media type">
                  <span className="mono">{item.mediaType}</span>
                </Fact>
                <Fact label="Size">
                  {formatSize(item.size)} <span className="muted">({item.size.toLocaleString('en-GB')} bytes)</span>
                </Fact>
                <Fact label="SHA-256">
                  <span className="sha-block">
                    <code id="evidence-sha256" className="hash" data-testid="evidence-sha256">
                      {item.sha256}
                    </code>
                    <CopyButton text={item.sha256} targetId="evidence-sha256" label="Copy the SHA-256" />
                  </span>
                </Fact>
              </dl>
              <h3 className="detail-heading">Linked controls</h3>
              {item.controlIds.length === 0 ? (
                <p className="muted">
                  None yet: no control in the matrix lists {evidenceKindLabels[item.kind]} ({item.kind}) as its evidence. Add the kind to a control in the
                  Matrix and this item is linked to it.
                </p>
              ) : (
                <ul className="linked-controls" aria-label="Linked controls">
                  {item.controlIds.map((id) => (
                    <li key={id}>{controlTitle(controls, id)}</li>
                  ))}
                </ul>
              )}
              {item.comments ? (
                <>
                  <h3 className="detail-heading">Comments</h3>
                  <p>{item.comments}</p>
                </>
              ) : null}
            </div>
          </div>
          <RecordsSection item={item} timeZone={timeZone} />
        </>
      ) : null}
    </section>
  );
};

const Fact = ({ label, children }: { label: string; children: ReactNode }) => (
  <div>
    <dt>{label}</dt>
    <dd>{children}</dd>
  </div>
);

const Instant = ({ iso, timeZone }: { iso: string; timeZone: string }) => (
  <span title={formatUtc(iso)}>
    {formatDateTime(iso, timeZone)} <span className="muted">{timeZone}</span>
  </span>
);

/** A tab per record type the item has, each a virtualized table paged from evidence.records. */
const RecordsSection = ({ item, timeZone }: { item: EvidenceItem; timeZone: string }) => {
  const records = useEvidence((state) => state.records);
  const showRecords = useEvidence((state) => state.showRecords);
  const types = useMemo(() => recordTypesOf(item), [item]);
  const tabRefs = useRef<Partial<Record<RecordType, HTMLButtonElement | null>>>({});

  useEffect(() => {
    const first = types[0];
    if (first && (!records || records.evidenceId !== item.id)) showRecords(item.id, first);
  }, [item.id, types, records, showRecords]);

  if (types.length === 0) {
    return (
      <div className="records-section">
        <h3 className="detail-heading">Records</h3>
        <p className="muted">No records were read out of this file.</p>
      </div>
    );
  }
  const active = records && records.evidenceId === item.id ? records.type : types[0];

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: types.length - 1 };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const type = types[(next + types.length) % types.length];
    if (!type) return;
    showRecords(item.id, type);
    tabRefs.current[type]?.focus();
  };

  return (
    <div className="records-section">
      <h3 className="detail-heading" id="records-title">
        Records
      </h3>
      <div role="tablist" aria-labelledby="records-title" className="records-tabs">
        {types.map((type, index) => (
          <button
            key={type}
            ref={(element) => {
              tabRefs.current[type] = element;
            }}
            type="button"
            role="tab"
            id={`records-tab-${index}`}
            aria-selected={type === active}
            aria-controls="records-panel"
            tabIndex={type === active ? 0 : -1}
            className={`records-tab${type === active ? ' records-tab-active' : ''}`}
            onClick={() => showRecords(item.id, type)}
            onKeyDown={(event) => onTabKey(event, index)}
          >
            {recordTypeLabel(type)} <span className="records-tab-count">{(item.records[type] ?? 0).toLocaleString('en-GB')}</span>
          </button>
        ))}
      </div>
      <div role="tabpanel" id="records-panel" aria-labelledby={`records-tab-${Math.max(0, types.indexOf(active ?? types[0]!))}`} className="records-panel">
        {records && records.evidenceId === item.id ? <RecordsTable view={records} timeZone={timeZone} /> : <p className="muted">Loading records…</p>}
      </div>
    </div>
  );
};

const RecordsTable = ({ view, timeZone }: { view: RecordsView; timeZone: string }) => {
  const ensureRecordsRange = useEvidence((state) => state.ensureRecordsRange);
  const columns: GridColumn[] = useMemo(() => view.columns.map((column) => ({ header: columnLabel(column), width: columnWidth(column) })), [view.columns]);
  const rowAt = useCallback((index: number) => recordAt(view.pages, index), [view.pages]);
  const matches = useMemo(() => (view.highlight ? recordMatcher(view.columns, view.highlight) : null), [view.columns, view.highlight]);
  const highlighted = useMemo(() => {
    if (!matches) return null;
    for (const [page, rows] of Object.entries(view.pages)) {
      const at = rows.findIndex(matches);
      if (at >= 0) return Number(page) * RECORDS_PAGE_SIZE + at;
    }
    return null;
  }, [view.pages, matches]);

  if (view.error) return <ErrorNotice error={view.error} title="The records could not be read" />;
  if (view.total === null) return <p className="muted">Loading records…</p>;

  const minWidth = Math.max(720, view.columns.length * 120);
  return (
    <>
      {view.highlight ? (
        <p className="records-highlight-note">
          The exception points at record <code>{view.highlight}</code>
          {highlighted === null ? ' (not among the rows loaded so far).' : ', marked below.'}
        </p>
      ) : null}
      <VirtualGrid
        idPrefix="record-row"
        label={`${recordTypeLabel(view.type)} read from ${view.evidenceId}`}
        columns={columns}
        total={view.total}
        rowAt={rowAt}
        rowKey={(_row, index) => String(index)}
        onRange={ensureRecordsRange}
        height={(view.total === 0 ? 2 : Math.min(view.total, 12)) * 30}
        rowHeight={30}
        minWidth={minWidth}
        scrollTo={highlighted}
        rowClassName={(row) => (matches?.(row) ? 'record-row-highlight' : '')}
        empty="No records of this type."
        renderCells={(row) =>
          row.map((value, index) => {
            const column = view.columns[index] ?? '';
            const cell = formatCell(column, value, timeZone);
            return (
              <span key={column} role="gridcell" title={cell.title} className={`${cell.mono ? 'mono' : ''}${value === null ? ' muted' : ''}`}>
                {cell.text}
              </span>
            );
          })
        }
      />
    </>
  );
};
