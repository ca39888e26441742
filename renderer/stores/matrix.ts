import { create } from 'zustand';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.js';
import type { MatrixView, PolicyVersion, ProposedRequirement, WizardAnswers, WizardState, WizardStep } from '../../shared/domain/matrix.js';
import { api, type CallError, type CallResult } from '../api/client.js';
import { useAuditTrail } from './auditTrail.js';
import { useSession } from './session.js';

export interface PolicyDraft {
  text: string;
  matrixFingerprint: string;
}

interface MatrixState {
  /** The workspace the loaded data belongs to: data of another workspace is never shown. */
  path: string | null;
  matrix: MatrixView | null;
  loading: boolean;
  error: CallError | null;
  /**
   * The proposal being edited in the builder. The core does not save it (only the answers and the
   * step), so it lives here while the app runs and is proposed afresh after a restart.
   */
  proposal: ProposedRequirement[] | null;
  policies: PolicyVersion[] | null;
  policyError: CallError | null;
  /** The statement as policy.draft writes it from today's matrix; its fingerprint tells a stale version. */
  draft: PolicyDraft | null;

  load(path: string): Promise<void>;
  reload(): Promise<void>;
  saveWizard(step: WizardStep, answers: WizardAnswers): Promise<CallResult<WizardState>>;
  propose(): Promise<CallResult<ProposedRequirement[]>>;
  setProposal(proposal: ProposedRequirement[] | null): void;
  applyProposal(input: MethodInput<'matrix.applyProposal'>): Promise<CallResult<MatrixView>>;
  applyTemplate(): Promise<CallResult<MatrixView>>;
  addRequirement(input: MethodInput<'matrix.requirement.add'>): Promise<CallResult<MethodOutput<'matrix.requirement.add'>>>;
  updateRequirement(input: MethodInput<'matrix.requirement.update'>): Promise<CallResult<MethodOutput<'matrix.requirement.update'>>>;
  removeRequirement(input: MethodInput<'matrix.requirement.remove'>): Promise<CallResult<MatrixView>>;
  addControl(input: MethodInput<'matrix.control.add'>): Promise<CallResult<MatrixView>>;
  updateControl(input: MethodInput<'matrix.control.update'>): Promise<CallResult<MethodOutput<'matrix.control.update'>>>;
  unlinkControl(input: MethodInput<'matrix.control.unlink'>): Promise<CallResult<MatrixView>>;
  csv(): Promise<CallResult<MethodOutput<'matrix.csv'>>>;
  loadPolicies(): Promise<void>;
  loadDraft(): Promise<CallResult<PolicyDraft>>;
  savePolicy(input: MethodInput<'policy.save'>): Promise<CallResult<PolicyVersion>>;
  reset(): void;
}

const empty = {
  path: null,
  matrix: null,
  loading: false,
  error: null,
  proposal: null,
  policies: null,
  policyError: null,
  draft: null,
};

/** After any change: the audit trail and the header's entry count are stale. */
const afterChange = () => {
  useAuditTrail.getState().invalidate();
  void useSession.getState().refresh();
};

export const useMatrix = create<MatrixState>()((set, get) => {
  /** A mutating call; on success the matrix (and what hangs off it) is read again. */
  const change = async <M extends MethodName>(method: M, input: MethodInput<M>, after?: (value: MethodOutput<M>) => void): Promise<CallResult<MethodOutput<M>>> => {
    const result = await api.call(method, input);
    if (result.ok) {
      afterChange();
      after?.(result.value);
      await get().reload();
    }
    return result;
  };

  return {
    ...empty,

    async load(path) {
      if (get().path !== path) set({ ...empty, path });
      await get().reload();
    },

    async reload() {
      const path = get().path;
      set({ loading: true });
      const [matrix, draft] = await Promise.all([api.call('matrix.get', {}), api.call('policy.draft', {})]);
      if (get().path !== path) return;
      set({
        loading: false,
        matrix: matrix.ok ? matrix.value : get().matrix,
        error: matrix.ok ? null : matrix.error,
        draft: draft.ok ? draft.value : get().draft,
      });
    },

    saveWizard: (step, answers) => change('matrix.wizard.save', { step, answers }),

    async propose() {
      const result = await api.call('matrix.propose', {});
      if (result.ok) set({ proposal: result.value });
      return result;
    },

    setProposal(proposal) {
      set({ proposal });
    },

    applyProposal: (input) => change('matrix.applyProposal', input, () => set({ proposal: null })),
    applyTemplate: () => change('matrix.applyTemplate', { template: 'solo' }),
    addRequirement: (input) => change('matrix.requirement.add', input),
    updateRequirement: (input) => change('matrix.requirement.update', input),
    removeRequirement: (input) => change('matrix.requirement.remove', input),
    addControl: (input) => change('matrix.control.add', input),
    updateControl: (input) => change('matrix.control.update', input),
    unlinkControl: (input) => change('matrix.control.unlink', input),

    csv: () => api.call('matrix.csv', {}),

    async loadPolicies() {
      const path = get().path;
      const result = await api.call('policy.list', {});
      if (get().path !== path) return;
      set(result.ok ? { policies: result.value, policyError: null } : { policyError: result.error });
    },

    async loadDraft() {
      const result = await api.call('policy.draft', {});
      if (result.ok) set({ draft: result.value });
      return result;
    },

    async savePolicy(input) {
      const result = await api.call('policy.save', input);
      if (result.ok) {
        afterChange();
        await get().loadPolicies();
      }
      return result;
    },

    reset() {
      set({ ...empty });
    },
  };
});
