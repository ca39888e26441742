import { useCallback, useEffect, useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { exceptionSeverities, type ExceptionSeverity } from '../../../shared/domain/evidence.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { EXCEPTIONS_PAGE_SIZE, exceptionAt, hasExceptionFilters, noExceptionFilters, useExceptions } from '../../stores/exceptions.js';
import { useSession } from '../../stores/session.js';
import { formatDate, plural, ruleLabel } from '../evidence/evidenceFormat.js';
import { VirtualGrid, type GridColumn } from '../evidence/VirtualGrid.js';
import '../evidence/evidence.css';
import { ExceptionDetail } from './ExceptionDetail.js';
import { SeverityBadge, severityLabels } from './SeverityBadge.js';
import './exceptions.css';
import { indexOfId } from '../../stores/pagedList.js';

const ROW_HEIGHT = 46;

const columns: GridColumn[] = [
  { header: 'ID', width: '72px' },
  { header: 'Severity', width: '92px' },
  { header: 'Rule', width: '180px' },
  { header: 'Date', width: '88px' },
  { header: 'Subject and what happened', width: 'minmax(300px, 1fr)' },
];

/** The exceptions found in the evidence, most severe first, each with the records that prove it. */
export const ExceptionsScreen = () => {
  const openCount = useSession((state) => state.openCount);
  const timeZone = useSession((state) => state.workspace?.timeZone ?? 'UTC');
  const { total, pages, rules, listError, filters, selectedId, controls, evidenceTotal, load, setFilters, ensureRange, select } = useExceptions();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();

  useEffect(() => {
    void load(openCount);
  }, [load, openCount]);

  const linked = params.get('exception');
  useEffect(() => {
    if (linked) select(linked);
  }, [linked, select]);

  const selectedIndex = useMemo(() => indexOfId(pages, EXCEPTIONS_PAGE_SIZE, selectedId), [pages, selectedId]);

  const choose = useCallback(
    (index: number) => {
      const item = exceptionAt(useExceptions.getState().pages, index);
      if (!item) return;
      select(item.id);
      setParams({ exception: item.id }, { replace: true });
    },
    [select, setParams],
  );
  const rowAt = useCallback((index: number) => exceptionAt(pages, index), [pages]);

  const filtered = hasExceptionFilters(filters);
  const openTotal = rules.reduce((sum, rule) => sum + rule.open, 0);
  const nothing = total === 0 && !filtered && !listError;
  const rows = Math.min(Math.max(total ?? 0, 3), 10);
  // A filter on a rule that no longer has open findings still shows in the list.
  const ruleOptions = filters.rule && !rules.some((rule) => rule.rule === filters.rule) ? [...rules, { rule: filters.rule, open: 0 }] : rules;

  return (
    <section className="screen exceptions-screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <div>
          <h1 id="screen-title">Exceptions</h1>
          <p className="screen-intro">
            What an auditor would find in the evidence, found first: each with the records that prove it, so it can be explained, fixed or accepted before the audit.
          </p>
        </div>
      </header>

      {listError ? <ErrorNotice error={listError} /> : null}
      {total === null && !listError ? <p className="muted">Loading exceptions…</p> : null}

      {nothing && evidenceTotal === 0 ? (
        <div className="evidence-empty" role="region" aria-labelledby="exceptions-empty-title" data-testid="exceptions-empty">
          <h2 id="exceptions-empty-title">No evidence to check yet</h2>
          <p>
            Exceptions are found in imported evidence, and none has been imported, so nothing has been checked. This does not mean there are no exceptions.
          </p>
          <p>
            Import your merged pull requests, CI runs, deployments and branch protection settings: Countersign then looks for what an auditor looks for — a change
            merged by its own author with no independent approval, an approval given after the merge, a direct or force push to the default branch, a deployment with
            no passing CI run, branch protection that admins can bypass.
          </p>
          <p>
            <button type="button" className="button button-primary" onClick={() => navigate('/evidence?import=1')}>
              Import evidence
            </button>
          </p>
        </div>
      ) : null}

      {nothing && evidenceTotal !== null && evidenceTotal > 0 ? (
        <div className="evidence-empty exceptions-clear" role="region" aria-labelledby="exceptions-empty-title" data-testid="exceptions-empty">
          <h2 id="exceptions-empty-title">{filters.includeResolved ? 'No exceptions at all' : 'No open exceptions'}</h2>
          <p>
            Countersign checked the {plural(evidenceTotal, 'evidence item')} imported so far and found nothing an auditor would flag
            {filters.includeResolved ? ', now or in an earlier check' : ''}. It checks again after every import, so import the whole period (every kind the matrix
            expects) before relying on this.
          </p>
          <label className="toolbar-check">
            <input type="checkbox" checked={filters.includeResolved} onChange={(event) => setFilters({ includeResolved: event.target.checked })} />
            Include exceptions no longer detected
          </label>
        </div>
      ) : null}

      {total !== null && !nothing ? (
        <>
          <div className="evidence-toolbar" role="search" aria-label="Filter exceptions">
            <label className="toolbar-field">
              <span>Rule</span>
              <select className="input input-compact" value={filters.rule} onChange={(event) => setFilters({ rule: event.target.value })}>
                <option value="">All rules ({openTotal.toLocaleString('en-GB')} open)</option>
                {ruleOptions.map((rule) => (
                  <option key={rule.rule} value={rule.rule}>
                    {ruleLabel(rule.rule)} ({rule.open.toLocaleString('en-GB')} open)
                  </option>
                ))}
              </select>
            </label>
            <label className="toolbar-field">
              <span>Severity</span>
              <select className="input input-compact" value={filters.severity} onChange={(event) => setFilters({ severity: event.target.value as ExceptionSeverity | '' })}>
                <option value="">All severities</option>
                {exceptionSeverities.map((severity) => (
                  <option key={severity} value={severity}>
                    {severityLabels[severity]}
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
            <label className="toolbar-field toolbar-check">
              <input type="checkbox" checked={filters.includeResolved} onChange={(event) => setFilters({ includeResolved: event.target.checked })} />
              Include no longer detected
            </label>
            <p className="muted toolbar-count" aria-live="polite">
              {plural(total, filters.includeResolved ? 'exception' : 'open exception')}
              {filtered ? ' match' : ''}
            </p>
          </div>

          <VirtualGrid
            idPrefix="exception-row"
            label="Exceptions, most severe first"
            columns={columns}
            total={total}
            rowAt={rowAt}
            rowKey={(item) => item.id}
            onRange={ensureRange}
            selectedIndex={selectedIndex}
            onSelect={choose}
            height={rows * ROW_HEIGHT}
            rowHeight={ROW_HEIGHT}
            minWidth={900}
            rowClassName={(item) => (item.status === 'open' ? '' : 'exception-row-resolved')}
            empty={
              <>
                No exceptions match these filters.{' '}
                <button type="button" className="button button-small" onClick={() => setFilters(noExceptionFilters)}>
                  Clear the filters
                </button>
              </>
            }
            renderCells={(item) => (
              <>
                <span role="gridcell" className="mono">
                  {item.id}
                </span>
                <span role="gridcell">
                  <SeverityBadge severity={item.severity} />
                </span>
                <span role="gridcell" className="rule-cell" title={item.rule}>
                  {ruleLabel(item.rule)}
                </span>
                <span role="gridcell" className="tabular" title={item.occurredAt ?? 'A standing setting'}>
                  {item.occurredAt ? formatDate(item.occurredAt, timeZone) : 'Standing'}
                </span>
                <span role="gridcell" className="cell-stack" title={`${item.subject}\n${item.explanation}`}>
                  <span className="cell-main">
                    {item.status === 'open' ? null : <span className="resolved-tag">No longer detected · </span>}
                    {item.subject}
                  </span>
                  <span className="cell-sub exception-explanation-line">{item.explanation}</span>
                </span>
              </>
            )}
          />

          <ExceptionDetail timeZone={timeZone} />
        </>
      ) : null}
    </section>
  );
};
