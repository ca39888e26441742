import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { formatCount, formatInstant, formatUtc, shortId } from '../../components/format.js';
import { entryAtOffset, useAuditTrail } from '../../stores/auditTrail.js';
import { useSession } from '../../stores/session.js';
import { AuditDetail } from './AuditDetail.js';
import { VerifyResult } from './VerifyResult.js';

const ROW_HEIGHT = 32;
/**
 * Rows one scroll area holds. Browsers cap an element's height (about 17.8 million pixels in Firefox,
 * 33.5 million in Chromium), so a trail longer than this is shown a window at a time.
 */
export const WINDOW_SIZE = 500_000;

export const AuditTrailScreen = () => {
  const workspace = useSession((state) => state.workspace);
  const timeZone = workspace?.timeZone ?? 'UTC';
  const { total, pages, listError, selectedSeq, stale, load, ensureRange, select } = useAuditTrail();
  const [windowStart, setWindowStart] = useState(0);
  const [jumpTo, setJumpTo] = useState('');
  const [jumpError, setJumpError] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);

  const openCount = useSession((state) => state.openCount);
  useEffect(() => {
    setWindowStart(0);
    void load(openCount);
  }, [load, openCount]);

  const count = total === null ? 0 : Math.max(0, Math.min(WINDOW_SIZE, total - windowStart));
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? -1;

  // Fetch the pages under the visible rows once scrolling pauses: dragging the scrollbar across a
  // million entries must not ask for every page on the way.
  useEffect(() => {
    if (lastIndex < 0) return;
    const timer = setTimeout(() => ensureRange(windowStart + firstIndex, windowStart + lastIndex), 40);
    return () => clearTimeout(timer);
  }, [ensureRange, windowStart, firstIndex, lastIndex, pages]);

  const selectedOffset = total !== null && selectedSeq !== null ? total - selectedSeq : null;

  /** Selects the row at an offset (0 = newest), moving the window if needed, and scrolls it into view. */
  const selectOffset = (offset: number, align: 'auto' | 'center' = 'auto') => {
    if (total === null || total === 0) return;
    const clamped = Math.max(0, Math.min(total - 1, offset));
    // Outside the current window: a new window with the row in its middle (clamped to the trail's ends).
    const inWindow = clamped >= windowStart && clamped < windowStart + WINDOW_SIZE;
    const start = inWindow ? windowStart : Math.max(0, Math.min(total - WINDOW_SIZE, clamped - WINDOW_SIZE / 2));
    if (start !== windowStart) setWindowStart(start);
    select(total - clamped);
    requestAnimationFrame(() => virtualizer.scrollToIndex(clamped - start, { align }));
  };

  /** Shows another window of a very long trail, from the edge that joins the one shown before. */
  const moveWindow = (start: number, edge: 'start' | 'end') => {
    setWindowStart(start);
    requestAnimationFrame(() => virtualizer.scrollToIndex(edge === 'start' ? 0 : WINDOW_SIZE - 1, { align: edge }));
  };

  const visibleRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = selectedOffset ?? -1;
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      PageDown: current + visibleRows,
      PageUp: current - visibleRows,
      Home: 0,
      End: (total ?? 1) - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    selectOffset(selectedOffset === null && event.key !== 'End' ? Math.max(0, windowStart) : next);
  };

  const jump = (event: FormEvent) => {
    event.preventDefault();
    setJumpError(null);
    const seq = Number(jumpTo);
    if (total === null) return;
    if (!Number.isInteger(seq) || seq < 1 || seq > total) {
      setJumpError(total === 0 ? 'The trail has no entries yet.' : `Enter a number from 1 to ${formatCount(total)}.`);
      return;
    }
    selectOffset(total - seq, 'center');
    gridRef.current?.focus();
  };

  const windowEnd = windowStart + count;

  return (
    <section className="screen screen-fill" aria-labelledby="screen-title">
      <header className="screen-header">
        <div>
          <h1 id="screen-title">Audit trail</h1>
          <p className="screen-intro">
            Every change, newest first. Each entry carries the hash of the one before it, so any later edit of the history is detectable.
          </p>
        </div>
        <VerifyResult.Button />
      </header>

      <VerifyResult onShowEntry={(seq) => total !== null && selectOffset(total - seq, 'center')} />
      {listError ? <ErrorNotice error={listError} /> : null}
      {stale ? (
        <p className="notice notice-info" role="status">
          New entries were recorded since this list was loaded.{' '}
          <button type="button" className="button button-small" onClick={() => void load(openCount)}>
            Reload
          </button>
        </p>
      ) : null}

      <div className="audit-toolbar">
        <p className="muted" aria-live="polite">
          {total === null
            ? 'Loading the trail…'
            : total === 0
              ? 'No entries yet.'
              : total > WINDOW_SIZE
                ? `Showing entries #${formatCount(total - windowStart)} to #${formatCount(total - windowEnd + 1)} of ${formatCount(total)}`
                : `${formatCount(total)} ${total === 1 ? 'entry' : 'entries'}`}
        </p>
        {total !== null && total > WINDOW_SIZE ? (
          <div className="button-group">
            <button type="button" className="button button-small" disabled={windowStart === 0} onClick={() => moveWindow(Math.max(0, windowStart - WINDOW_SIZE), 'end')}>
              Newer entries
            </button>
            <button
              type="button"
              className="button button-small"
              disabled={windowEnd >= total}
              onClick={() => moveWindow(Math.max(0, Math.min(total - WINDOW_SIZE, windowStart + WINDOW_SIZE)), 'start')}
            >
              Older entries
            </button>
          </div>
        ) : null}
        <form className="jump-form" onSubmit={jump} noValidate>
          <label htmlFor="audit-jump">Go to entry</label>
          <input
            id="audit-jump"
            className="input input-compact input-number"
            type="text"
            inputMode="numeric"
            value={jumpTo}
            aria-invalid={jumpError ? true : undefined}
            aria-describedby={jumpError ? 'audit-jump-error' : undefined}
            onChange={(event) => setJumpTo(event.target.value.replace(/[^\d]/g, ''))}
          />
          <button type="submit" className="button button-small">
            Go
          </button>
          {jumpError ? (
            <span id="audit-jump-error" className="field-error">
              {jumpError}
            </span>
          ) : null}
        </form>
      </div>

      <div
        ref={gridRef}
        className="audit-grid"
        role="grid"
        aria-label="Audit entries, newest first"
        aria-rowcount={(total ?? 0) + 1}
        aria-activedescendant={selectedSeq !== null && selectedOffset !== null && selectedOffset >= windowStart && selectedOffset < windowEnd ? `audit-row-${selectedSeq}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" className="audit-head">
          <div role="row" className="audit-row" aria-rowindex={1}>
            <span role="columnheader">#</span>
            <span role="columnheader">Time ({timeZone})</span>
            <span role="columnheader">Actor</span>
            <span role="columnheader">Action</span>
            <span role="columnheader">Object</span>
            <span role="columnheader">Justification</span>
          </div>
        </div>
        <div role="rowgroup" ref={scrollRef} className="audit-body">
          {total === 0 ? <p className="empty audit-empty">Nothing has been recorded yet. Every change made in this workspace will appear here.</p> : null}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const offset = windowStart + item.index;
              const seq = (total ?? 0) - offset;
              const entry = entryAtOffset(pages, offset);
              const selected = seq === selectedSeq;
              return (
                <div
                  key={item.key}
                  id={`audit-row-${seq}`}
                  role="row"
                  aria-rowindex={offset + 2}
                  aria-selected={selected}
                  className={`audit-row${selected ? ' audit-row-selected' : ''}${entry ? '' : ' audit-row-loading'}`}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                  onClick={() => {
                    select(seq);
                    gridRef.current?.focus();
                  }}
                >
                  <span role="gridcell" className="mono muted">
                    {seq}
                  </span>
                  {entry ? (
                    <>
                      <span role="gridcell" title={formatUtc(entry.at)}>
                        {formatInstant(entry.at, timeZone)}
                      </span>
                      <span role="gridcell">{entry.actorName}</span>
                      <span role="gridcell" className="mono">
                        {entry.action}
                      </span>
                      <span role="gridcell" title={`${entry.entityType} ${entry.entityId}`}>
                        {entry.entityType} <span className="mono muted">{shortId(entry.entityId)}</span>
                      </span>
                      <span role="gridcell" title={entry.justification ?? undefined}>
                        {entry.justification ?? ''}
                      </span>
                    </>
                  ) : (
                    <span role="gridcell" className="muted audit-loading-cell">
                      Loading…
                    </span>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>

      <AuditDetail timeZone={timeZone} />
    </section>
  );
};
