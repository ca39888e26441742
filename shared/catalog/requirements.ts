/** The risks that arise when one person holds two conflicting duties. */
export const riskKinds = ['unauthorised change', 'undetected error', 'fraud', 'scope creep'] as const;
export type RiskKind = (typeof riskKinds)[number];

/** A traditional segregation-of-duties requirement: two duties that should sit with different people. */
export interface SodRequirement {
  id: string;
  title: string;
  conflictingDuties: readonly [string, string];
  risks: readonly RiskKind[];
  /** What goes wrong when one person holds both duties, in one sentence. */
  riskStatement: string;
  /** One of the six rows of the classic solo-founder matrix (PRODUCT.md). */
  classicSolo: boolean;
}

export const sodRequirements: readonly SodRequirement[] = [
  {
    id: 'SOD-CODE-REVIEW',
    title: 'Code written by one person is reviewed by another',
    conflictingDuties: ['Write code', 'Review and approve code'],
    risks: ['unauthorised change', 'undetected error'],
    riskStatement: 'A defect or a malicious change reaches the main branch because nobody but its author looked at it.',
    classicSolo: true,
  },
  {
    id: 'SOD-DEPLOY-APPROVAL',
    title: 'Deployment is approved by someone other than the developer',
    conflictingDuties: ['Develop a change', 'Approve its release to production'],
    risks: ['unauthorised change', 'undetected error'],
    riskStatement: 'Untested or unapproved code reaches production because the developer can release it alone.',
    classicSolo: true,
  },
  {
    id: 'SOD-ACCESS-CHANGE',
    title: 'Access changes are reviewed by a manager',
    conflictingDuties: ['Change access rights', 'Review and approve access'],
    risks: ['unauthorised change', 'fraud'],
    riskStatement: 'Excess or stale access, including to customer data, persists because nobody independent reviews it.',
    classicSolo: true,
  },
  {
    id: 'SOD-CONFIG-CHANGE',
    title: 'Configuration changes are authorised by an administrator',
    conflictingDuties: ['Change production configuration', 'Authorise configuration changes'],
    risks: ['unauthorised change', 'undetected error'],
    riskStatement: 'An unreviewed console change weakens security or breaks production and leaves no record of why.',
    classicSolo: true,
  },
  {
    id: 'SOD-MONITORING-REVIEW',
    title: 'Monitoring is reviewed by a security team',
    conflictingDuties: ['Operate production systems', 'Review security monitoring'],
    risks: ['undetected error', 'fraud'],
    riskStatement: 'Suspicious activity goes unnoticed, or is dismissed by the person who caused it.',
    classicSolo: true,
  },
  {
    id: 'SOD-INCIDENT-TEST',
    title: 'Incident response is tested by an independent party',
    conflictingDuties: ['Write the incident response plan', 'Test the plan'],
    risks: ['undetected error', 'scope creep'],
    riskStatement: 'The response plan fails in a real incident because its author only ever tested it against their own assumptions.',
    classicSolo: true,
  },
  {
    id: 'SOD-ACCESS-PROVISIONING',
    title: 'Access provisioning is separate from access review',
    conflictingDuties: ['Grant access', 'Review who has access'],
    risks: ['fraud', 'unauthorised change'],
    riskStatement: 'The person who grants access also certifies it, so inappropriate grants are never caught.',
    classicSolo: false,
  },
  {
    id: 'SOD-LOG-ADMIN',
    title: 'Log administration is separate from log review',
    conflictingDuties: ['Administer logging', 'Review the logs'],
    risks: ['fraud', 'undetected error'],
    riskStatement: 'A privileged user who can edit or delete logs can hide their own actions, so the logs stop being evidence.',
    classicSolo: false,
  },
  {
    id: 'SOD-SECRETS',
    title: 'Secrets administration is separate from secrets use',
    conflictingDuties: ['Administer secrets and keys', 'Use secrets in production'],
    risks: ['fraud', 'unauthorised change', 'scope creep'],
    riskStatement: 'Long-lived credentials are copied or misused with no trace because one person creates and uses them.',
    classicSolo: false,
  },
];
