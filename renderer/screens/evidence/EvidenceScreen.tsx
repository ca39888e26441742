import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { ImportSummary } from '../../../shared/domain/evidence.js';
import { evidenceStatusLabels } from '../../../shared/domain/evidence.js';
import { evidenceKindLabels, evidenceKinds, type EvidenceKind } from '../../../shared/domain/evidenceKinds.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useAuditTrail } from '../../stores/auditTrail.js';
import { EVIDENCE_PAGE_SIZE, hasFilters, isRecordType, itemAt, noFilters, useEvidence } from '../../stores/evidence.js';
import { useExceptions } from '../../stores/exceptions.js';
import { useMatrix } from '../../stores/matrix.js';
import { useSession } from '../../stores/session.js';
import { ImportDialog } from '../import/ImportDialog.js';
import { EvidenceDetail } from './EvidenceDetail.js';
import { formatDate, formatDateTime, formatPeriod } from './evidenceFormat.js';
import { VirtualGrid, type GridColumn } from './VirtualGrid.js';
import './evidence.css';
import { indexOfId } from '../../stores/pagedList.js';

const ROW_HEIGHT = 46;

const columns: GridColumn[] = [
  { header: 'ID', width: '72px' },
  { header: 'Title', width: 'minmax(190px, 1fr)' },
  { header: 'Kind', width: '160px' },
  { header: 'Source', width: '80px' },
  { header: 'Period covered', width: '116px' },
  { header: 'Records', width: '68px', align: 'end' },
  { header: 'Imported', width: '136px' },
  { header: 'Status', width: '76px' },
];

/** The period an item covers, its first and last record dates on two lines. */
const PeriodCell = ({ start, end, timeZone }: { start: string | null; end: string | null; timeZone: string }) => {
  const from = formatDate(start, timeZone);
  const to = formatDate(end, timeZone);
  const text = formatPeriod(start, end, timeZone);
  return (
    <span role="gridcell" className="cell-stack tabular" title={text} aria-label={text}>
      {!start && !end ? <span className="muted">No dates</span> : from === to ? <span>{from}</span> : (
        <>
          <span>{from} –</span>
          <span>{to}</span>
        </>
      )}
    </span>
  );
};

/** After an import: everything that counts evidence or exceptions is stale. */
export const afterImport = (summary: ImportSummary) => {
  if (summary.alreadyImported) return;
  void useEvidence.getState().reload();
  if (useExceptions.getState().loadedFor !== null) void useExceptions.getState().reload();
  useAuditTrail.getState().invalidate();
  void useSession.getState().refresh();
  if (useMatrix.getState().path) void useMatrix.getState().reload();
};

/** The evidence items of the workspace: what each proves, where it came from, and what was read out of it. */
export const EvidenceScreen = () => {
  const openCount = useSession((state) => state.openCount);
  const timeZone = useSession((state) => state.workspace?.timeZone ?? 'UTC');
  const { total, pages, listError, filters, selectedId, controls, importers, load, setFilters, ensureRange, select, showRecords } = useEvidence();
  const [importing, setImporting] = useState(false);
  const [search, setSearch] = useState(filters.search);
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();

  useEffect(() => {
    void load(openCount);
  }, [load, openCount]);

  // A link from an exception's proof: that item, that record type, that record.
  const linkedItem = params.get('item');
  const linkedType = params.get('records');
  const linkedRecord = params.get('record');
  useEffect(() => {
    if (!linkedItem) return;
    select(linkedItem);
    if (linkedType && isRecordType(linkedType)) showRecords(linkedItem, linkedType, linkedRecord);
  }, [linkedItem, linkedType, linkedRecord, select, showRecords]);

  // "Import evidence" from another screen (the Exceptions screen's empty state).
  const wantsImport = params.get('import') === '1';
  useEffect(() => {
    if (!wantsImport) return;
    setImporting(true);
    setParams({}, { replace: true });
  }, [wantsImport, setParams]);

  // Filters reset elsewhere (another workspace, "Clear the filters") show in the box too.
  useEffect(() => setSearch(filters.search), [filters.search]);

  // The search box asks once typing pauses.
  useEffect(() => {
    if (search === useEvidence.getState().filters.search) return;
    const timer = setTimeout(() => setFilters({ search }), 250);
    return () => clearTimeout(timer);
  }, [search, setFilters]);

  const selectedIndex = useMemo(() => indexOfId(pages, EVIDENCE_PAGE_SIZE, selectedId), [pages, selectedId]);

  const choose = useCallback(
    (index: number) => {
      const item = itemAt(useEvidence.getState().pages, index);
      if (!item) return;
      select(item.id);
      setParams({ item: item.id }, { replace: true });
    },
    [select, setParams],
  );

  const rowAt = useCallback((index: number) => itemAt(pages, index), [pages]);

  const filtered = hasFilters(filters);
  const empty = total === 0 && !filtered && !listError;
  const rows = total === 0 ? 2 : Math.min(total ?? 0, 8);

  const openImport = () => setImporting(true);

  return (
    <section className="screen evidence-screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <div>
          <h1 id="screen-title">Evidence</h1>
          <p className="screen-intro">
            The populations that prove each control works, exported from the tools you use: kept with their SHA-256, where they came from and the period they cover.
          </p>
        </div>
        {!empty ? (
          <button type="button" className="button button-primary" onClick={openImport}>
            Import evidence
          </button>
        ) : null}
      </header>

      {listError ? <ErrorNotice error={listError} /> : null}
      {total === null && !listError ? <p className="muted">Loading evidence…</p> : null}

      {empty ? (
        <div className="evidence-empty" role="region" aria-labelledby="evidence-empty-title">
          <h2 id="evidence-empty-title">No evidence yet</h2>
          <p>
            Evidence is what an auditor tests a control against: not a screenshot, but the whole population of the period as the source system exported it — every
            merged pull request with its reviews, every CI run, every deployment, the branch protection settings.
          </p>
          <p>
            Export it with the command the import shows you, then import the file. Countersign keeps the file unchanged with its SHA-256, records where it came from
            (the system, the command, the filters, when and by whom), links it to the controls in the matrix that expect it, and looks for the exceptions an auditor
            would find.
          </p>
          <p>
            <button type="button" className="button button-primary button-large" onClick={openImport}>
              Import evidence
            </button>
          </p>
          {importers && importers.length > 0 ? (
            <p className="muted evidence-kinds-available">Countersign imports: {importers.map((importer) => importer.label).join(' · ')}.</p>
          ) : null}
        </div>
      ) : null}

      {!empty && total !== null ? (
        <>
          <div className="evidence-toolbar" role="search" aria-label="Filter evidence">
            <label className="toolbar-field">
              <span>Kind</span>
              <select className="input input-compact" value={filters.kind} onChange={(event) => setFilters({ kind: event.target.value as EvidenceKind | '' })}>
                <option value="">All kinds</option>
                {evidenceKinds.map((kind) => (
                  <option key={kind} value={kind}>
                    {evidenceKindLabels[kind]}
                  </option>
                ))}
              </select>
            </label>
            <label className="toolbar-field">
              <span>Control</span>
              <select className="input input-compact toolbar-control" value={filters.controlId} onChange={(event) => setFilters({ controlId: event.target.value })}>
                <option value="">All controls</option>
                {(controls ?? []).map((control) => (
                  <option key={control.id} value={control.id}>
                    {control.title}
                  </option>
                ))}
              </select>
            </label>
            <label className="toolbar-field toolbar-search">
              <span>Search</span>
              <input
                className="input input-compact"
                type="search"
                value={search}
                placeholder="Title, file name, ID or SHA-256"
                onChange={(event) => setSearch(event.target.value)}
              />
            </label>
            <p className="muted toolbar-count" aria-live="polite">
              {total === 1 ? '1 item' : `${total.toLocaleString('en-GB')} items`}
              {filtered ? ' match' : ''}
            </p>
          </div>

          <VirtualGrid
            idPrefix="evidence-row"
            label="Evidence items, newest first"
            columns={columns}
            total={total}
            rowAt={rowAt}
            rowKey={(item) => item.id}
            onRange={ensureRange}
            selectedIndex={selectedIndex}
            onSelect={choose}
            height={rows * ROW_HEIGHT}
            rowHeight={ROW_HEIGHT}
            minWidth={1000}
            empty={
              <>
                No evidence matches these filters.{' '}
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => {
                    setSearch('');
                    setFilters(noFilters);
                  }}
                >
                  Clear the filters
                </button>
              </>
            }
            renderCells={(item) => (
              <>
                <span role="gridcell" className="mono">
                  {item.id}
                </span>
                <span role="gridcell" className="cell-stack" title={`${item.title}\n${item.fileName}`}>
                  <span className="cell-main">{item.title}</span>
                  <span className="cell-sub mono">{item.fileName}</span>
                </span>
                <span role="gridcell" className="cell-stack" title={`${evidenceKindLabels[item.kind]} (${item.kind})`}>
                  <span>{evidenceKindLabels[item.kind]}</span>
                  <span className="cell-sub mono">{item.kind}</span>
                </span>
                <span role="gridcell">{item.provenance.sourceSystem}</span>
                <PeriodCell start={item.provenance.periodStart} end={item.provenance.periodEnd} timeZone={timeZone} />
                <span role="gridcell" className="vgrid-end">
                  {item.provenance.recordCount.toLocaleString('en-GB')}
                </span>
                <span role="gridcell" className="cell-stack" title={`${item.provenance.importedAt} by ${item.provenance.importedBy}`}>
                  <span className="tabular">{formatDateTime(item.provenance.importedAt, timeZone)}</span>
                  <span className="cell-sub">by {item.provenance.importedBy}</span>
                </span>
                <span role="gridcell">{evidenceStatusLabels[item.status]}</span>
              </>
            )}
          />

          <EvidenceDetail timeZone={timeZone} />
        </>
      ) : null}

      <ImportDialog
        open={importing}
        onClose={() => setImporting(false)}
        onImported={afterImport}
        onShowEvidence={(id) => {
          setImporting(false);
          setFilters(noFilters);
          setSearch('');
          select(id);
          setParams({ item: id }, { replace: true });
        }}
        onShowExceptions={() => {
          setImporting(false);
          navigate('/exceptions');
        }}
      />
    </section>
  );
};

