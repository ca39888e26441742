import { z } from 'zod';

export const personRoles = ['owner', 'engineer', 'external_reviewer', 'auditor'] as const;
export const PersonRole = z.enum(personRoles);
export type PersonRole = z.infer<typeof PersonRole>;

/** What the UI calls each role. */
export const personRoleLabels: Record<PersonRole, string> = {
  owner: 'Owner / management',
  engineer: 'Engineer',
  external_reviewer: 'External reviewer',
  auditor: 'Auditor',
};

export const PersonName = z.string().trim().min(1, 'Enter a name').max(200);
const EmailAnswer = z.union([z.literal(''), z.email('Enter a valid email address, or leave it empty').max(320)]);
/** Optional: an empty answer means no email is recorded. */
export const PersonEmail = EmailAnswer.optional().transform((email) => (email ? email : null));
/** For edits: absent leaves the email as it is, empty removes it. */
export const PersonEmailChange = EmailAnswer.optional().transform((email) => (email === undefined ? undefined : email || null));

export const Person = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: PersonRole,
  createdAt: z.string(),
});
export type Person = z.infer<typeof Person>;
