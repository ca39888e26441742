import { z } from 'zod';
import { Person, PersonEmail, PersonName } from './people.js';

export const frameworks = ['soc2', 'iso27001'] as const;
export const Framework = z.enum(frameworks);
export type Framework = z.infer<typeof Framework>;
export const frameworkLabels: Record<Framework, string> = { soc2: 'SOC 2', iso27001: 'ISO 27001:2022' };

/** A calendar date, YYYY-MM-DD, as the observation period is agreed with the auditor. */
export const IsoDate = z.iso.date('Use a date in the form YYYY-MM-DD');

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
export const TimeZone = z.string().min(1).refine(isTimeZone, 'Use an IANA time zone such as Europe/Berlin or UTC');

/** An absolute path on the machine that runs the core. */
export const FilePath = z.string().trim().min(1, 'Choose a file');

export const WorkspaceProfileInput = z
  .object({
    organisation: z.string().trim().min(1, 'Enter the organisation name').max(200),
    frameworks: z.array(Framework).min(1, 'Choose at least one framework'),
    periodStart: IsoDate,
    periodEnd: IsoDate,
    timeZone: TimeZone,
  })
  .refine((p) => p.periodStart < p.periodEnd, {
    message: 'The observation period must end after it starts',
    path: ['periodEnd'],
  });

export const WorkspaceSummary = z.object({
  path: z.string(),
  organisation: z.string(),
  frameworks: z.array(Framework),
  periodStart: z.string(),
  periodEnd: z.string(),
  timeZone: z.string(),
  schemaVersion: z.number().int(),
  createdAt: z.string(),
  isDemo: z.boolean(),
  actor: Person.nullable(),
  auditEntries: z.number().int(),
  headHash: z.string(),
});
export type WorkspaceSummary = z.infer<typeof WorkspaceSummary>;

export const RecentWorkspace = z.object({
  path: z.string(),
  organisation: z.string(),
  openedAt: z.string(),
  exists: z.boolean(),
});
export type RecentWorkspace = z.infer<typeof RecentWorkspace>;

export const NewWorkspaceOwner = z.object({ name: PersonName, email: PersonEmail });
