import type { Framework } from '../domain/workspace.js';

export interface FrameworkCriterion {
  framework: Framework;
  /** As auditors write it: "CC8.1", "A.5.3", "6.1.3". */
  id: string;
  title: string;
}

/** The criteria the catalog maps to. Titles are short paraphrases, not the standards' text. */
export const frameworkCriteria: readonly FrameworkCriterion[] = [
  { framework: 'soc2', id: 'CC4.1', title: 'Ongoing and separate evaluations of internal control' },
  { framework: 'soc2', id: 'CC4.2', title: 'Deficiencies evaluated and communicated for corrective action' },
  { framework: 'soc2', id: 'CC5.1', title: 'Control activities that mitigate risk, with segregation of duties or alternatives' },
  { framework: 'soc2', id: 'CC6.1', title: 'Logical access security over protected information assets' },
  { framework: 'soc2', id: 'CC6.2', title: 'Registration and authorisation of users before access is granted' },
  { framework: 'soc2', id: 'CC6.3', title: 'Access granted, changed and removed by role, least privilege and segregation of duties' },
  { framework: 'soc2', id: 'CC7.2', title: 'Monitoring of system components for anomalies' },
  { framework: 'soc2', id: 'CC7.4', title: 'Response to identified security incidents' },
  { framework: 'soc2', id: 'CC8.1', title: 'Changes authorised, designed, tested, approved and implemented' },
  { framework: 'iso27001', id: 'A.5.3', title: 'Segregation of duties' },
  { framework: 'iso27001', id: 'A.5.15', title: 'Access control' },
  { framework: 'iso27001', id: 'A.5.16', title: 'Identity management' },
  { framework: 'iso27001', id: 'A.5.17', title: 'Authentication information' },
  { framework: 'iso27001', id: 'A.5.18', title: 'Access rights' },
  { framework: 'iso27001', id: 'A.5.24', title: 'Incident management planning and preparation' },
  { framework: 'iso27001', id: 'A.5.35', title: 'Independent review of information security' },
  { framework: 'iso27001', id: 'A.8.2', title: 'Privileged access rights' },
  { framework: 'iso27001', id: 'A.8.9', title: 'Configuration management' },
  { framework: 'iso27001', id: 'A.8.15', title: 'Logging' },
  { framework: 'iso27001', id: 'A.8.16', title: 'Monitoring activities' },
  { framework: 'iso27001', id: 'A.8.25', title: 'Secure development life cycle' },
  { framework: 'iso27001', id: 'A.8.32', title: 'Change management' },
  { framework: 'iso27001', id: '6.1.3', title: 'Risk treatment: risk owners approve the plan and accept residual risk' },
];

export const criterionKey = (criterion: Pick<FrameworkCriterion, 'framework' | 'id'>): string => `${criterion.framework}:${criterion.id}`;
