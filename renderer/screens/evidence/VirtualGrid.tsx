import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import './grid.css';

export interface GridColumn {
  header: string;
  /** A CSS grid track, e.g. "80px" or "minmax(160px, 1fr)". */
  width: string;
  align?: 'end';
}

interface Props<T> {
  /** Prefix of the row ids (for aria-activedescendant and tests). */
  idPrefix: string;
  label: string;
  columns: GridColumn[];
  total: number | null;
  rowAt(index: number): T | undefined;
  /** The row's id suffix once loaded (e.g. "EV-0001"); rows still loading use their index. */
  rowKey(item: T, index: number): string;
  /** The gridcells of one loaded row. */
  renderCells(item: T, index: number): ReactNode;
  /** Asks for the pages under the visible rows. */
  onRange(first: number, last: number): void;
  selectedIndex?: number | null | undefined;
  onSelect?: ((index: number) => void) | undefined;
  rowClassName?: ((item: T, index: number) => string) | undefined;
  /** Height of the scrolling body in pixels. */
  height: number;
  rowHeight?: number | undefined;
  /** Below this width the grid scrolls sideways instead of squeezing its columns. */
  minWidth?: number | undefined;
  /** Shown in the body when total is 0. */
  empty?: ReactNode;
  /** Scroll to this index when it changes (e.g. a selection made elsewhere). */
  scrollTo?: number | null | undefined;
}

const DEFAULT_ROW_HEIGHT = 32;

/**
 * A virtualized, paged grid: only the visible rows exist in the page, each row asks for its page
 * when it scrolls into view, and the keyboard moves the selection (arrows, Page Up/Down, Home, End).
 */
export const VirtualGrid = <T,>({
  idPrefix,
  label,
  columns,
  total,
  rowAt,
  rowKey,
  renderCells,
  onRange,
  selectedIndex = null,
  onSelect,
  rowClassName,
  height,
  rowHeight = DEFAULT_ROW_HEIGHT,
  minWidth,
  empty,
  scrollTo,
}: Props<T>) => {
  const scrollRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLDivElement>(null);
  const count = total ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  // Ask for pages once scrolling pauses: dragging the scrollbar must not fetch every page on the way.
  useEffect(() => {
    if (last < 0) return;
    const timer = setTimeout(() => onRange(first, last), 40);
    return () => clearTimeout(timer);
  }, [onRange, first, last, count]);

  useEffect(() => {
    if (scrollTo === null || scrollTo === undefined || scrollTo >= count) return;
    virtualizer.scrollToIndex(scrollTo, { align: 'auto' });
    // Only when the target changes (the virtualizer is a new object each render).
  }, [scrollTo, count]);

  const template: CSSProperties = { gridTemplateColumns: columns.map((column) => column.width).join(' ') };
  const width: CSSProperties = minWidth ? { minWidth } : {};

  const move = (index: number) => {
    if (!onSelect || count === 0) return;
    const next = Math.max(0, Math.min(count - 1, index));
    onSelect(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!onSelect) return;
    const page = Math.max(1, Math.floor(height / rowHeight) - 1);
    const current = selectedIndex ?? -1;
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: selectedIndex === null ? 0 : current - 1,
      PageDown: current + page,
      PageUp: current - page,
      Home: 0,
      End: count - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    move(next);
  };

  const selectedItem = selectedIndex !== null ? rowAt(selectedIndex) : undefined;
  const activeId = selectedIndex !== null && selectedIndex < count ? `${idPrefix}-${selectedItem ? rowKey(selectedItem, selectedIndex) : selectedIndex}` : undefined;

  return (
    <div
      className={`vgrid${onSelect ? ' vgrid-selectable' : ''}`}
      role="grid"
      aria-label={label}
      aria-rowcount={count + 1}
      aria-activedescendant={activeId}
      tabIndex={onSelect ? 0 : undefined}
      onKeyDown={onKeyDown}
    >
      <div className="vgrid-head" ref={headRef} role="rowgroup">
        <div className="vgrid-row" role="row" aria-rowindex={1} style={{ ...template, ...width }}>
          {columns.map((column) => (
            <span key={column.header} role="columnheader" className={column.align === 'end' ? 'vgrid-end' : undefined}>
              {column.header}
            </span>
          ))}
        </div>
      </div>
      <div
        className="vgrid-body"
        role="rowgroup"
        ref={scrollRef}
        style={{ height }}
        onScroll={(event) => {
          if (headRef.current) headRef.current.scrollLeft = event.currentTarget.scrollLeft;
        }}
      >
        {total === 0 && empty ? <div className="vgrid-empty">{empty}</div> : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', ...width }}>
          {items.map((virtual) => {
            const item = rowAt(virtual.index);
            const selected = virtual.index === selectedIndex;
            return (
              <div
                key={virtual.key}
                id={`${idPrefix}-${item ? rowKey(item, virtual.index) : virtual.index}`}
                role="row"
                aria-rowindex={virtual.index + 2}
                aria-selected={onSelect ? selected : undefined}
                className={`vgrid-row${selected ? ' vgrid-row-selected' : ''}${item ? '' : ' vgrid-row-loading'}${item && rowClassName ? ` ${rowClassName(item, virtual.index)}` : ''}`}
                style={{ ...template, position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${virtual.start}px)` }}
                onClick={
                  onSelect
                    ? (event) => {
                        onSelect(virtual.index);
                        (event.currentTarget.closest('[role="grid"]') as HTMLElement | null)?.focus();
                      }
                    : undefined
                }
              >
                {item ? (
                  renderCells(item, virtual.index)
                ) : (
                  <span role="gridcell" className="muted vgrid-loading-cell">
                    Loading…
                  </span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
};
