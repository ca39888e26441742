import type { Handlers } from '../handlerTypes.js';
import { requireActor, requireWorkspace } from '../session.js';
import { addPerson, listPeople, updatePerson } from './people.js';

export const peopleHandlers = {
  'people.list': (_input, ctx) => listPeople(requireWorkspace(ctx).db),
  'people.add': (input, ctx) => addPerson(requireWorkspace(ctx), requireActor(ctx), input),
  'people.update': (input, ctx) => {
    const person = updatePerson(requireWorkspace(ctx), requireActor(ctx), input);
    if (ctx.session.actor?.id === person.id) ctx.session.actor = person;
    return person;
  },
} satisfies Handlers<'people.list' | 'people.add' | 'people.update'>;
