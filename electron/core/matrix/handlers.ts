import type { Handlers } from '../handlerTypes.js';
import { listPeople } from '../people/people.js';
import { requireActor, requireWorkspace } from '../session.js';
import { matrixToCsv } from './csv.js';
import {
  addControl,
  addRequirement,
  applyProposal,
  applySoloTemplate,
  proposeFromWizard,
  readMatrix,
  removeRequirement,
  saveWizard,
  unlinkControl,
  updateControl,
  updateRequirement,
} from './matrix.js';
import { draftPolicy, listPolicyVersions, matrixFingerprint, savePolicyVersion } from './policy.js';

export const matrixHandlers = {
  'matrix.get': (_input, ctx) => readMatrix(requireWorkspace(ctx).db),
  'matrix.wizard.save': (input, ctx) => saveWizard(requireWorkspace(ctx), requireActor(ctx), input.step, input.answers),
  'matrix.propose': (_input, ctx) => proposeFromWizard(requireWorkspace(ctx).db),
  'matrix.applyProposal': (input, ctx) => applyProposal(requireWorkspace(ctx), requireActor(ctx), input.requirements, input.justification),
  'matrix.applyTemplate': (input, ctx) => applySoloTemplate(requireWorkspace(ctx), requireActor(ctx), input.justification),
  'matrix.requirement.add': (input, ctx) => addRequirement(requireWorkspace(ctx), requireActor(ctx), input),
  'matrix.requirement.update': (input, ctx) => updateRequirement(requireWorkspace(ctx), requireActor(ctx), input),
  'matrix.requirement.remove': (input, ctx) => removeRequirement(requireWorkspace(ctx), requireActor(ctx), input.id, input.justification),
  'matrix.control.add': (input, ctx) =>
    addControl(
      requireWorkspace(ctx),
      requireActor(ctx),
      input.catalogId
        ? { requirementId: input.requirementId, catalogId: input.catalogId, rationale: input.rationale, justification: input.justification }
        : { requirementId: input.requirementId, custom: input.custom!, rationale: input.rationale, justification: input.justification },
    ),
  'matrix.control.update': (input, ctx) => updateControl(requireWorkspace(ctx), requireActor(ctx), input),
  'matrix.control.unlink': (input, ctx) => unlinkControl(requireWorkspace(ctx), requireActor(ctx), input.requirementId, input.controlId, input.justification),
  'matrix.csv': (_input, ctx) => {
    const { db } = requireWorkspace(ctx);
    return matrixToCsv(readMatrix(db), listPeople(db));
  },
  'policy.list': (_input, ctx) => listPolicyVersions(requireWorkspace(ctx).db),
  'policy.draft': (_input, ctx) => {
    const workspace = requireWorkspace(ctx);
    const matrix = readMatrix(workspace.db);
    return { text: draftPolicy(workspace.profile(), matrix, listPeople(workspace.db)), matrixFingerprint: matrixFingerprint(matrix) };
  },
  'policy.save': (input, ctx) => {
    const workspace = requireWorkspace(ctx);
    const fingerprint = input.matrixFingerprint ?? matrixFingerprint(readMatrix(workspace.db));
    return savePolicyVersion(workspace, requireActor(ctx), input.text, input.generated, fingerprint, input.justification);
  },
} satisfies Handlers<
  | 'matrix.get'
  | 'matrix.wizard.save'
  | 'matrix.propose'
  | 'matrix.applyProposal'
  | 'matrix.applyTemplate'
  | 'matrix.requirement.add'
  | 'matrix.requirement.update'
  | 'matrix.requirement.remove'
  | 'matrix.control.add'
  | 'matrix.control.update'
  | 'matrix.control.unlink'
  | 'matrix.csv'
  | 'policy.list'
  | 'policy.draft'
  | 'policy.save'
>;
