import { create } from 'zustand';
import type { AuditEntry, AuditEntrySummary, ChainVerification } from '../../shared/domain/audit.js';
import { api, type CallError } from '../api/client.js';
import { missingPages, rowAtIndex, type Pages } from './pagedList.js';

/** Entries per audit.list call. */
export const PAGE_SIZE = 200;
/** Pages kept in memory; the farthest from the last request are dropped first. */
const MAX_PAGES = 60;

interface Detail {
  seq: number;
  entry: AuditEntry | null;
  error: CallError | null;
}

interface AuditTrailState {
  /** Bumped on every reload, so answers to an older load are ignored. */
  generation: number;
  /** The session's openCount this trail belongs to: another open starts from nothing. */
  loadedFor: number | null;
  /** Number of entries, known from the first page; rows are addressed by offset (0 = newest). */
  total: number | null;
  pages: Record<number, AuditEntrySummary[]>;
  /** The trail changed since it was loaded (a change was made elsewhere in the app). */
  stale: boolean;
  listError: CallError | null;
  selectedSeq: number | null;
  detail: Detail | null;
  verification: ChainVerification | null;
  verifying: boolean;
  verifyError: CallError | null;
  /** Loads the newest page; `openCount` says which opening of a workspace it is for. */
  load(openCount: number): Promise<void>;
  ensureRange(firstOffset: number, lastOffset: number): void;
  select(seq: number | null): void;
  verify(): Promise<void>;
  invalidate(): void;
  reset(): void;
}

const inFlight = new Set<string>();
let detailTimer: ReturnType<typeof setTimeout> | undefined;

const empty = {
  total: null,
  pages: {},
  stale: false,
  listError: null,
  selectedSeq: null,
  detail: null,
  verification: null,
  verifying: false,
  verifyError: null,
};

export const entryAtOffset = (pages: Pages<AuditEntrySummary>, offset: number): AuditEntrySummary | undefined => rowAtIndex(pages, PAGE_SIZE, offset);

export const useAuditTrail = create<AuditTrailState>()((set, get) => {
  const fetchPage = async (page: number, generation: number): Promise<void> => {
    const key = `${generation}:${page}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    const result = await api.call('audit.list', { offset: page * PAGE_SIZE, limit: PAGE_SIZE });
    inFlight.delete(key);
    if (get().generation !== generation) return;
    if (!result.ok) {
      set({ listError: result.error });
      return;
    }
    set((state) => {
      const pages: Record<number, AuditEntrySummary[]> = { ...state.pages, [page]: result.value.entries };
      const kept = Object.keys(pages).map(Number);
      if (kept.length > MAX_PAGES) {
        kept.sort((a, b) => Math.abs(b - page) - Math.abs(a - page));
        for (const far of kept.slice(0, kept.length - MAX_PAGES)) delete pages[far];
      }
      return { pages, listError: null, total: state.total ?? result.value.total };
    });
  };

  return {
    generation: 0,
    loadedFor: null,
    ...empty,

    async load(openCount) {
      clearTimeout(detailTimer);
      const generation = get().generation + 1;
      // Coming back to the same workspace keeps the selected entry; another workspace starts clean.
      const same = get().loadedFor === openCount;
      set({ ...empty, generation, loadedFor: openCount, selectedSeq: same ? get().selectedSeq : null, detail: same ? get().detail : null });
      await fetchPage(0, generation);
    },

    ensureRange(firstOffset, lastOffset) {
      const { total, pages, generation } = get();
      for (const page of missingPages(pages, PAGE_SIZE, total, firstOffset, lastOffset)) void fetchPage(page, generation);
    },

    select(seq) {
      clearTimeout(detailTimer);
      if (seq === null) {
        set({ selectedSeq: null, detail: null });
        return;
      }
      if (get().detail?.seq === seq && get().detail?.entry) {
        set({ selectedSeq: seq });
        return;
      }
      set({ selectedSeq: seq, detail: { seq, entry: null, error: null } });
      // Holding an arrow key moves the selection quickly: fetch the detail once it settles.
      detailTimer = setTimeout(async () => {
        const result = await api.call('audit.entry', { seq });
        if (get().selectedSeq !== seq) return;
        set({ detail: result.ok ? { seq, entry: result.value, error: null } : { seq, entry: null, error: result.error } });
      }, 90);
    },

    async verify() {
      set({ verifying: true, verifyError: null, verification: null });
      const result = await api.call('audit.verify', {});
      set(result.ok ? { verifying: false, verification: result.value } : { verifying: false, verifyError: result.error });
    },

    invalidate() {
      set({ stale: true });
    },

    reset() {
      clearTimeout(detailTimer);
      set({ ...empty, generation: get().generation + 1, loadedFor: null });
    },
  };
});
