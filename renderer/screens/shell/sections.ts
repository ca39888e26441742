/** The sections of an open workspace, in the order of the navigation. */
export const sections = [
  { path: 'matrix', label: 'Matrix' },
  { path: 'evidence', label: 'Evidence' },
  { path: 'exceptions', label: 'Exceptions' },
  { path: 'reviews', label: 'Reviews' },
  { path: 'acceptances', label: 'Risk acceptances' },
  { path: 'audit', label: 'Audit trail' },
  { path: 'export', label: 'Export' },
] as const;

export const workspaceSections = [{ path: 'people', label: 'People' }] as const;
