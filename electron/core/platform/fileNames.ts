/** A file name from an organisation name: keeps letters, digits, spaces, dots and dashes. */
export const sanitizeFileName = (name: string): string =>
  name
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N} ._-]+/gu, '')
    .trim()
    .replace(/\s+/g, ' ')
    .slice(0, 80) || 'Workspace';
