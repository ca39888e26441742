import { create } from 'zustand';
import type { MethodInput } from '../../shared/contract/index.js';
import type { Person } from '../../shared/domain/people.js';
import { api, type CallError, type CallResult } from '../api/client.js';
import { useAuditTrail } from './auditTrail.js';
import { useSession } from './session.js';

interface PeopleState {
  people: Person[];
  loaded: boolean;
  loading: boolean;
  error: CallError | null;
  load(): Promise<void>;
  add(input: MethodInput<'people.add'>): Promise<CallResult<Person>>;
  update(input: MethodInput<'people.update'>): Promise<CallResult<Person>>;
  reset(): void;
}

/** After a change: the list, the header (the actor may have been renamed) and the trail are stale. */
const afterChange = async (load: () => Promise<void>) => {
  useAuditTrail.getState().invalidate();
  await Promise.all([load(), useSession.getState().refresh()]);
};

export const usePeople = create<PeopleState>()((set, get) => ({
  people: [],
  loaded: false,
  loading: false,
  error: null,

  async load() {
    set({ loading: true });
    const result = await api.call('people.list', {});
    if (result.ok) set({ people: result.value, loaded: true, loading: false, error: null });
    else set({ loading: false, error: result.error });
  },

  async add(input) {
    const result = await api.call('people.add', input);
    if (result.ok) await afterChange(get().load);
    return result;
  },

  async update(input) {
    const result = await api.call('people.update', input);
    if (result.ok) await afterChange(get().load);
    return result;
  },

  reset() {
    set({ people: [], loaded: false, loading: false, error: null });
  },
}));
