/**
 * Lists that load page by page for a virtualized table keep their rows as { pageNumber: rows }.
 * These read that shape, so every such list finds rows and missing pages the same way.
 */
export type Pages<T> = Record<number, T[]>;

export const rowAtIndex = <T>(pages: Pages<T>, pageSize: number, index: number): T | undefined =>
  pages[Math.floor(index / pageSize)]?.[index % pageSize];

/** The list position of the row with this id among the loaded pages, or null. */
export const indexOfId = <T extends { id: string }>(pages: Pages<T>, pageSize: number, id: string | null): number | null => {
  if (!id) return null;
  for (const [page, rows] of Object.entries(pages)) {
    const at = rows.findIndex((row) => row.id === id);
    if (at >= 0) return Number(page) * pageSize + at;
  }
  return null;
};

/** The pages a visible range [first, last] needs that are not loaded yet. */
export const missingPages = <T>(pages: Pages<T>, pageSize: number, total: number | null, first: number, last: number): number[] => {
  if (total === null || total === 0) return [];
  const end = Math.min(last, total - 1);
  const missing: number[] = [];
  for (let page = Math.floor(Math.max(0, first) / pageSize); page <= Math.floor(end / pageSize); page++) if (!pages[page]) missing.push(page);
  return missing;
};
