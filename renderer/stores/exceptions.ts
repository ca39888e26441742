import { create } from 'zustand';
import type { EvidenceException, ExceptionSeverity } from '../../shared/domain/evidence.js';
import { api, type CallError } from '../api/client.js';
import { fetchControls, type ControlInfo } from './evidence.js';
import { missingPages, rowAtIndex, type Pages } from './pagedList.js';

/** Exceptions per exceptions.list call. */
export const EXCEPTIONS_PAGE_SIZE = 100;

export interface ExceptionFilters {
  rule: string;
  severity: ExceptionSeverity | '';
  controlId: string;
  includeResolved: boolean;
}

export interface RuleCount {
  rule: string;
  open: number;
}

interface Detail {
  id: string;
  exception: EvidenceException | null;
  error: CallError | null;
}

interface ExceptionsState {
  generation: number;
  loadedFor: number | null;
  filters: ExceptionFilters;
  total: number | null;
  pages: Record<number, EvidenceException[]>;
  /** Every rule with open findings, with their number (whatever the filters). */
  rules: RuleCount[];
  listError: CallError | null;
  selectedId: string | null;
  detail: Detail | null;
  controls: ControlInfo[] | null;
  /** Evidence items in the workspace: says whether "no exceptions" means "nothing to check yet". */
  evidenceTotal: number | null;

  load(openCount: number): Promise<void>;
  reload(): Promise<void>;
  setFilters(filters: Partial<ExceptionFilters>): void;
  ensureRange(first: number, last: number): void;
  select(id: string | null): void;
  reset(): void;
}

export const noExceptionFilters: ExceptionFilters = { rule: '', severity: '', controlId: '', includeResolved: false };

export const hasExceptionFilters = (filters: ExceptionFilters): boolean => filters.rule !== '' || filters.severity !== '' || filters.controlId !== '';

export const exceptionAt = (pages: Pages<EvidenceException>, index: number): EvidenceException | undefined =>
  rowAtIndex(pages, EXCEPTIONS_PAGE_SIZE, index);

const inFlight = new Set<string>();

const emptyList = { total: null, pages: {}, listError: null };

export const useExceptions = create<ExceptionsState>()((set, get) => {
  const fetchPage = async (page: number, generation: number): Promise<void> => {
    const key = `${generation}:${page}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    const { rule, severity, controlId, includeResolved } = get().filters;
    const result = await api.call('exceptions.list', {
      offset: page * EXCEPTIONS_PAGE_SIZE,
      limit: EXCEPTIONS_PAGE_SIZE,
      rule: rule || undefined,
      severity: severity || undefined,
      controlId: controlId || undefined,
      includeResolved,
    });
    inFlight.delete(key);
    if (get().generation !== generation) return;
    if (!result.ok) {
      set({ listError: result.error, total: get().total ?? 0 });
      return;
    }
    set((state) => {
      const selected = state.selectedId ? result.value.items.find((item) => item.id === state.selectedId) : undefined;
      return {
        pages: { ...state.pages, [page]: result.value.items },
        rules: result.value.rules,
        listError: null,
        total: page === 0 ? result.value.total : (state.total ?? result.value.total),
        detail: selected ? { id: selected.id, exception: selected, error: null } : state.detail,
      };
    });
  };

  return {
    generation: 0,
    loadedFor: null,
    filters: noExceptionFilters,
    ...emptyList,
    rules: [],
    selectedId: null,
    detail: null,
    controls: null,
    evidenceTotal: null,

    async load(openCount) {
      if (get().loadedFor !== openCount) {
        set({ filters: noExceptionFilters, selectedId: null, detail: null, controls: null, evidenceTotal: null, rules: [], loadedFor: openCount });
      }
      await Promise.all([
        get().reload(),
        fetchControls().then((controls) => {
          if (get().loadedFor === openCount) set({ controls });
        }),
      ]);
    },

    async reload() {
      const generation = get().generation + 1;
      set({ ...emptyList, generation });
      const evidence = api.call('evidence.list', { offset: 0, limit: 1 }).then((result) => {
        if (get().generation === generation && result.ok) set({ evidenceTotal: result.value.total });
      });
      await Promise.all([fetchPage(0, generation), evidence]);
    },

    setFilters(filters) {
      set({ filters: { ...get().filters, ...filters } });
      void get().reload();
    },

    ensureRange(first, last) {
      const { total, pages, generation } = get();
      for (const page of missingPages(pages, EXCEPTIONS_PAGE_SIZE, total, first, last)) void fetchPage(page, generation);
    },

    select(id) {
      if (id === null) {
        set({ selectedId: null, detail: null });
        return;
      }
      const known = Object.values(get().pages)
        .flat()
        .find((item) => item.id === id);
      set({ selectedId: id, detail: { id, exception: known ?? null, error: null } });
      if (known) return;
      void api.call('exceptions.get', { id }).then((result) => {
        if (get().selectedId !== id) return;
        set({ detail: result.ok ? { id, exception: result.value, error: null } : { id, exception: null, error: result.error } });
      });
    },

    reset() {
      set({ generation: get().generation + 1, loadedFor: null, filters: noExceptionFilters, ...emptyList, rules: [], selectedId: null, detail: null, controls: null, evidenceTotal: null });
    },
  };
});
