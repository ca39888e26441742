import { create } from 'zustand';
import type { MethodOutput } from '../../shared/contract/index.js';
import { recordTypes } from '../../shared/contract/evidence.js';
import type { EvidenceItem } from '../../shared/domain/evidence.js';
import type { EvidenceKind } from '../../shared/domain/evidenceKinds.js';
import { api, type CallError } from '../api/client.js';
import { missingPages, rowAtIndex, type Pages } from './pagedList.js';

/** Evidence items per evidence.list call. */
export const EVIDENCE_PAGE_SIZE = 100;
/** Records per evidence.records call. */
export const RECORDS_PAGE_SIZE = 200;
/** Record pages kept in memory; the farthest from the last request are dropped first. */
const MAX_RECORD_PAGES = 40;

export type ImporterInfo = MethodOutput<'evidence.importers'>[number];
export type RecordType = (typeof recordTypes)[number];
export type RecordCell = string | number | null;

/** The controls of the matrix, by id, for showing titles instead of ids. */
export interface ControlInfo {
  id: string;
  catalogId: string | null;
  title: string;
  evidenceKinds: EvidenceKind[];
}

export interface EvidenceFilters {
  kind: EvidenceKind | '';
  controlId: string;
  search: string;
}

interface Detail {
  id: string;
  item: EvidenceItem | null;
  error: CallError | null;
}

/** One record type of one evidence item, paged like the list. */
export interface RecordsView {
  evidenceId: string;
  type: RecordType;
  total: number | null;
  columns: string[];
  pages: Record<number, RecordCell[][]>;
  error: CallError | null;
  /** A record to point at (the proof of an exception), as its key. */
  highlight: string | null;
}

interface EvidenceState {
  /** Bumped on every reload, so answers to an older load are ignored. */
  generation: number;
  /** The session's openCount this list belongs to: another open starts from nothing. */
  loadedFor: number | null;
  filters: EvidenceFilters;
  total: number | null;
  pages: Record<number, EvidenceItem[]>;
  listError: CallError | null;
  selectedId: string | null;
  detail: Detail | null;
  records: RecordsView | null;
  controls: ControlInfo[] | null;
  importers: ImporterInfo[] | null;
  importersError: CallError | null;

  load(openCount: number): Promise<void>;
  /** Reads the list again from the first page, keeping the filters and the selection. */
  reload(): Promise<void>;
  setFilters(filters: Partial<EvidenceFilters>): void;
  ensureRange(first: number, last: number): void;
  select(id: string | null): void;
  showRecords(evidenceId: string, type: RecordType, highlight?: string | null): void;
  ensureRecordsRange(first: number, last: number): void;
  loadImporters(): Promise<void>;
  reset(): void;
}

export const noFilters: EvidenceFilters = { kind: '', controlId: '', search: '' };

export const hasFilters = (filters: EvidenceFilters): boolean => filters.kind !== '' || filters.controlId !== '' || filters.search.trim() !== '';

export const itemAt = (pages: Pages<EvidenceItem>, index: number): EvidenceItem | undefined => rowAtIndex(pages, EVIDENCE_PAGE_SIZE, index);

export const recordAt = (pages: Pages<RecordCell[]>, index: number): RecordCell[] | undefined => rowAtIndex(pages, RECORDS_PAGE_SIZE, index);

/** The record types an item has rows of, in the contract's order. */
export const recordTypesOf = (item: EvidenceItem): RecordType[] => recordTypes.filter((type) => (item.records[type] ?? 0) > 0);

export const isRecordType = (value: string): value is RecordType => (recordTypes as readonly string[]).includes(value);

/** The matrix's controls, for titles and the control filter (shared with the Exceptions screen). */
export const fetchControls = async (): Promise<ControlInfo[] | null> => {
  const result = await api.call('matrix.get', {});
  if (!result.ok) return null;
  return result.value.controls.map((control) => ({ id: control.id, catalogId: control.catalogId, title: control.title, evidenceKinds: control.evidenceKinds }));
};

const inFlight = new Set<string>();

const emptyList = { total: null, pages: {}, listError: null };

export const useEvidence = create<EvidenceState>()((set, get) => {
  const fetchPage = async (page: number, generation: number): Promise<void> => {
    const key = `${generation}:${page}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    const { kind, controlId, search } = get().filters;
    const result = await api.call('evidence.list', {
      offset: page * EVIDENCE_PAGE_SIZE,
      limit: EVIDENCE_PAGE_SIZE,
      kind: kind || undefined,
      controlId: controlId || undefined,
      search: search.trim() || undefined,
    });
    inFlight.delete(key);
    if (get().generation !== generation) return;
    if (!result.ok) {
      set({ listError: result.error, total: get().total ?? 0 });
      return;
    }
    set((state) => {
      const pages = { ...state.pages, [page]: result.value.items };
      // The selected item's detail follows the list's newer copy (its status or links may have changed).
      const selected = state.selectedId ? result.value.items.find((item) => item.id === state.selectedId) : undefined;
      return {
        pages,
        listError: null,
        total: page === 0 ? result.value.total : (state.total ?? result.value.total),
        detail: selected ? { id: selected.id, item: selected, error: null } : state.detail,
      };
    });
  };

  const fetchRecordsPage = async (view: RecordsView, page: number): Promise<void> => {
    const key = `records:${view.evidenceId}:${view.type}:${page}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    const result = await api.call('evidence.records', { id: view.evidenceId, type: view.type, offset: page * RECORDS_PAGE_SIZE, limit: RECORDS_PAGE_SIZE });
    inFlight.delete(key);
    const current = get().records;
    if (!current || current.evidenceId !== view.evidenceId || current.type !== view.type) return;
    if (!result.ok) {
      set({ records: { ...current, error: result.error, total: current.total ?? 0 } });
      return;
    }
    const pages = { ...current.pages, [page]: result.value.rows };
    const kept = Object.keys(pages).map(Number);
    if (kept.length > MAX_RECORD_PAGES) {
      kept.sort((a, b) => Math.abs(b - page) - Math.abs(a - page));
      for (const far of kept.slice(0, kept.length - MAX_RECORD_PAGES)) delete pages[far];
    }
    set({ records: { ...current, pages, columns: result.value.columns, total: result.value.total, error: null } });
  };

  return {
    generation: 0,
    loadedFor: null,
    filters: noFilters,
    ...emptyList,
    selectedId: null,
    detail: null,
    records: null,
    controls: null,
    importers: null,
    importersError: null,

    async load(openCount) {
      const same = get().loadedFor === openCount;
      if (!same) {
        set({ filters: noFilters, selectedId: null, detail: null, records: null, controls: null, loadedFor: openCount });
      }
      await Promise.all([
        get().reload(),
        fetchControls().then((controls) => {
          if (get().loadedFor === openCount) set({ controls });
        }),
        get().importers ? Promise.resolve() : get().loadImporters(),
      ]);
    },

    async reload() {
      const generation = get().generation + 1;
      set({ ...emptyList, generation });
      await fetchPage(0, generation);
    },

    setFilters(filters) {
      set({ filters: { ...get().filters, ...filters } });
      void get().reload();
    },

    ensureRange(first, last) {
      const { total, pages, generation } = get();
      for (const page of missingPages(pages, EVIDENCE_PAGE_SIZE, total, first, last)) void fetchPage(page, generation);
    },

    select(id) {
      if (id === null) {
        set({ selectedId: null, detail: null, records: null });
        return;
      }
      if (get().selectedId === id && get().detail?.item) return;
      const known = Object.values(get().pages)
        .flat()
        .find((item) => item.id === id);
      set({ selectedId: id, detail: { id, item: known ?? null, error: null }, records: get().records?.evidenceId === id ? get().records : null });
      if (known) return;
      // Not in the pages loaded (a link from an exception, or a filter hides it): ask for it alone.
      void api.call('evidence.get', { id }).then((result) => {
        if (get().selectedId !== id) return;
        set({ detail: result.ok ? { id, item: result.value, error: null } : { id, item: null, error: result.error } });
      });
    },

    showRecords(evidenceId, type, highlight = null) {
      const current = get().records;
      if (current && current.evidenceId === evidenceId && current.type === type && !current.error) {
        if (current.highlight !== highlight) set({ records: { ...current, highlight } });
        return;
      }
      const view: RecordsView = { evidenceId, type, total: null, columns: [], pages: {}, error: null, highlight };
      set({ records: view });
      void fetchRecordsPage(view, 0);
    },

    ensureRecordsRange(first, last) {
      const view = get().records;
      if (!view || view.total === null || view.total === 0) return;
      const end = Math.min(last, view.total - 1);
      for (let page = Math.floor(Math.max(0, first) / RECORDS_PAGE_SIZE); page <= Math.floor(end / RECORDS_PAGE_SIZE); page++) {
        if (!view.pages[page]) void fetchRecordsPage(view, page);
      }
    },

    async loadImporters() {
      const result = await api.call('evidence.importers', {});
      set(result.ok ? { importers: result.value, importersError: null } : { importersError: result.error });
    },

    reset() {
      set({ generation: get().generation + 1, loadedFor: null, filters: noFilters, ...emptyList, selectedId: null, detail: null, records: null, controls: null });
    },
  };
});
