import { findCatalogControl, sodRequirements, type CompensatingControl } from '../../../shared/catalog/index.js';
import type { EvidenceKind } from '../../../shared/domain/evidenceKinds.js';
import type { OrganisationAnswers, ProposedControl, ProposedRequirement, ToolingAnswers } from '../../../shared/domain/matrix.js';
import type { Person } from '../../../shared/domain/people.js';

interface Suggestion {
  controlId: string;
  why: string;
}

/** Which catalog controls answer each requirement, and why, given the tools the organisation runs. */
const suggestionsFor = (requirementId: string, tools: ToolingAnswers): Suggestion[] => {
  const host = tools.gitHost === 'github' ? 'GitHub' : tools.gitHost === 'gitlab' ? 'GitLab' : 'your Git host';
  const reviewerWhy = tools.externalReviewer
    ? 'Your external reviewer samples this population each quarter: the independent eyes a second employee would give.'
    : 'Engage a fractional CISO to sample this population each quarter: auditors expect an independent reviewer when one person holds both duties.';
  const review: Suggestion = { controlId: 'CC-EXTERNAL-REVIEW', why: reviewerWhy };
  const acceptance: Suggestion = {
    controlId: 'CC-RISK-ACCEPTANCE',
    why: 'The standards accept the remaining risk only when management documents and signs it, countersigned by the external reviewer.',
  };
  switch (requirementId) {
    case 'SOD-CODE-REVIEW':
      return [
        {
          controlId: 'CC-AUTOMATED-REVIEW',
          why: tools.aiReviewer
            ? 'Your AI reviewer already runs on pull requests: requiring it on every one makes it the second pair of eyes.'
            : 'No automated reviewer runs on your pull requests yet: add one and require it before merge.',
        },
        { controlId: 'CC-PROTECTED-BRANCH', why: `${host} can refuse merges to the default branch until the checks pass, with no exemption for admins.` },
        review,
        acceptance,
      ];
    case 'SOD-DEPLOY-APPROVAL':
      return [
        {
          controlId: 'CC-CI-PIPELINE',
          why:
            tools.ci === 'none'
              ? 'Without CI nothing stops an untested release: set up a pipeline that tests, scans and waits for a deliberate promotion.'
              : 'Your pipeline tests and scans every change; a manual promotion gate makes each release a recorded decision.',
        },
        { controlId: 'CC-PROTECTED-BRANCH', why: 'Only reviewed, green changes reach the branch that deploys.' },
        acceptance,
      ];
    case 'SOD-ACCESS-CHANGE':
      return [
        { controlId: 'CC-ACCESS-REVIEW', why: 'A quarterly review of every account, countersigned by the external reviewer, replaces the manager’s approval.' },
        review,
        acceptance,
      ];
    case 'SOD-CONFIG-CHANGE':
      return tools.iac === 'none'
        ? [
            {
              controlId: 'CC-CENTRAL-LOGGING',
              why: 'Without infrastructure as code, alerts on console changes are the only record: route them where you cannot edit them.',
            },
            review,
            acceptance,
          ]
        : [
            {
              controlId: 'CC-IAC-DRIFT',
              why: `${tools.iac === 'terraform' ? 'Terraform' : 'Your IaC'} changes go through pull requests and the pipeline; a scheduled plan shows any change made by hand.`,
            },
            { controlId: 'CC-PROTECTED-BRANCH', why: 'Infrastructure code is protected like application code.' },
            acceptance,
          ];
    case 'SOD-MONITORING-REVIEW':
      return [
        {
          controlId: 'CC-CENTRAL-LOGGING',
          why:
            tools.logging === 'none'
              ? 'No central logging yet: collect cloud and host logs where you cannot alter them, with alerts on the risky events.'
              : 'Your central logs and alerts catch failed logins, privilege changes and off-hours activity without relying on you to look.',
        },
        review,
        acceptance,
      ];
    case 'SOD-INCIDENT-TEST':
      return [
        { controlId: 'CC-TABLETOP', why: 'An outside facilitator tests the plan against scenarios you did not write.' },
        acceptance,
      ];
    case 'SOD-ACCESS-PROVISIONING':
      return [
        { controlId: 'CC-ACCESS-REVIEW', why: 'The external reviewer decides on your own access, so the person who grants access never certifies it alone.' },
        acceptance,
      ];
    case 'SOD-LOG-ADMIN':
      return [
        { controlId: 'CC-CENTRAL-LOGGING', why: 'Logs shipped to a store you cannot edit stay evidence even though you administer the systems.' },
        review,
        acceptance,
      ];
    case 'SOD-SECRETS':
      return [
        { controlId: 'CC-SECRETS-MANAGER', why: 'Short-lived credentials from a vault leave a trace of every use and nothing long-lived to copy.' },
        { controlId: 'CC-CENTRAL-LOGGING', why: 'Alerts on secret reads by people make misuse visible.' },
        acceptance,
      ];
    default:
      return [];
  }
};

/** Keeps the evidence kinds the organisation can actually produce with its tools. */
export const evidenceKindsFor = (control: CompensatingControl, tools: ToolingAnswers | undefined): EvidenceKind[] => {
  if (!tools) return [...control.evidenceKinds];
  const usable = (kind: EvidenceKind): boolean => {
    if (kind.startsWith('github-')) return tools.gitHost === 'github';
    if (kind.startsWith('gitlab-')) return tools.gitHost === 'gitlab';
    if (kind === 'cloudtrail') return tools.cloud === 'aws';
    if (kind === 'k8s-audit') return tools.kubernetes;
    if (kind === 'terraform-plan') return tools.iac === 'terraform';
    return true;
  };
  const kept = control.evidenceKinds.filter(usable);
  return kept.length > 0 ? kept : ['document'];
};

const externalReviewerOf = (people: Person[]): Person | undefined => people.find((person) => person.role === 'external_reviewer');
const ownerOf = (people: Person[]): Person | undefined => people.find((person) => person.role === 'owner') ?? people[0];

/**
 * Who owns, performs and independently reviews a control by default: the duty holder performs it and
 * the external reviewer reviews it; the external review itself is performed by the reviewer and
 * acknowledged by the owner, so nothing is proposed as self-reviewed.
 */
export const defaultAssignment = (controlId: string, people: Person[], holderId: string | null = null) => {
  const owner = ownerOf(people);
  const reviewer = externalReviewerOf(people);
  const external = controlId === 'CC-EXTERNAL-REVIEW';
  return {
    ownerId: owner?.id ?? null,
    performerId: external ? (reviewer?.id ?? null) : (holderId ?? owner?.id ?? null),
    reviewerId: external ? (owner?.id ?? null) : (reviewer?.id ?? null),
  };
};

/**
 * Proposes the matrix rows from the builder's answers. A requirement whose duties already sit with
 * two different people is proposed as dropped (no compensation needed), with the reason.
 */
export const proposeMatrix = (organisation: OrganisationAnswers, tools: ToolingAnswers, people: Person[]): ProposedRequirement[] => {
  const owner = ownerOf(people);
  const nameOf = (id: string | null) => people.find((person) => person.id === id)?.name ?? 'nobody named';

  return sodRequirements.map((requirement) => {
    const holders = organisation.dutyHolders[requirement.id] ?? { holderAId: owner?.id ?? null, holderBId: owner?.id ?? null };
    const segregated = holders.holderAId !== null && holders.holderBId !== null && holders.holderAId !== holders.holderBId;
    const controls: ProposedControl[] = suggestionsFor(requirement.id, tools).flatMap(({ controlId, why }) => {
      const control = findCatalogControl(controlId);
      if (!control) return [];
      return [
        {
          catalogId: controlId,
          include: !segregated,
          why,
          evidenceKinds: evidenceKindsFor(control, tools),
          frequency: control.frequency,
          ...defaultAssignment(controlId, people, holders.holderAId),
        },
      ];
    });
    const why = segregated
      ? `${nameOf(holders.holderAId)} and ${nameOf(holders.holderBId)} hold these duties separately: the traditional control works, so no compensating control is needed.`
      : `${holders.holderAId === null ? 'Nobody is named for these duties, so assume one person holds both' : `${nameOf(holders.holderAId)} holds both duties`}: ${requirement.riskStatement.charAt(0).toLowerCase()}${requirement.riskStatement.slice(1)}`;
    return { catalogId: requirement.id, include: !segregated, why, holderAId: holders.holderAId, holderBId: holders.holderBId, controls };
  });
};

/** The classic solo-founder answers: one person, GitHub, Actions, AWS, Terraform, an AI reviewer and an external reviewer. */
export const soloTemplateAnswers = (people: Person[], frameworks: OrganisationAnswers['frameworks']): { organisation: OrganisationAnswers; tooling: ToolingAnswers } => {
  const owner = ownerOf(people);
  const dutyHolders = Object.fromEntries(sodRequirements.map((requirement) => [requirement.id, { holderAId: owner?.id ?? null, holderBId: owner?.id ?? null }]));
  return {
    organisation: { headcount: 1, frameworks, dutyHolders },
    tooling: {
      gitHost: 'github',
      ci: 'github-actions',
      cloud: 'aws',
      kubernetes: false,
      iac: 'terraform',
      logging: 'cloud-native',
      aiReviewer: true,
      externalReviewer: true,
    },
  };
};
