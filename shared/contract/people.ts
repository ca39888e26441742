import { z } from 'zod';
import { Person, PersonEmail, PersonEmailChange, PersonName, PersonRole } from '../domain/people.js';
import { defineMethod } from './define.js';

const Justification = z.string().trim().max(2000).optional();

export const peopleMethods = {
  'people.list': defineMethod({
    summary: 'Everyone in the workspace.',
    input: z.object({}),
    output: z.array(Person),
    mutates: false,
  }),
  'people.add': defineMethod({
    summary: 'Add a person.',
    input: z.object({ name: PersonName, email: PersonEmail, role: PersonRole, justification: Justification }),
    output: Person,
    mutates: true,
  }),
  'people.update': defineMethod({
    summary: "Change a person's name, email or role.",
    input: z.object({
      id: z.string().min(1),
      name: PersonName.optional(),
      email: PersonEmailChange,
      role: PersonRole.optional(),
      justification: Justification,
    }),
    output: Person,
    mutates: true,
  }),
} as const;
