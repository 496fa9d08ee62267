import type { CaseStatus } from '@/db/schema/cases';
import type { Role } from '@/db/schema/users';
import { caseStatusValues } from './vocabulary';

/**
 * The case state machine of DESIGN.md, defined once. Each transition names who may make it;
 * "owner" is the applicant who filed the case.
 */
export type Transition = { from: CaseStatus; to: CaseStatus; by: readonly (Role | 'owner')[] };

const staffReview = ['reviewer', 'organizer', 'admin'] as const;
const organizers = ['organizer', 'admin'] as const;
const withdrawable: CaseStatus[] = ['draft', 'submitted', 'in_review', 'needs_info', 'recommended', 'accepted', 'declined', 'bundled'];

export const transitions: readonly Transition[] = [
  { from: 'draft', to: 'submitted', by: ['owner'] },
  { from: 'submitted', to: 'in_review', by: staffReview },
  { from: 'in_review', to: 'needs_info', by: staffReview },
  { from: 'needs_info', to: 'in_review', by: ['owner', ...staffReview] },
  { from: 'in_review', to: 'recommended', by: staffReview },
  { from: 'recommended', to: 'accepted', by: staffReview },
  { from: 'recommended', to: 'in_review', by: staffReview },
  { from: 'in_review', to: 'declined', by: staffReview },
  // The applicant never answered an information request (issue 4; not in DESIGN.md's diagram).
  { from: 'needs_info', to: 'declined', by: staffReview },
  { from: 'accepted', to: 'bundled', by: organizers },
  { from: 'bundled', to: 'filed', by: organizers },
  { from: 'filed', to: 'protest_brought', by: organizers },
  { from: 'filed', to: 'protest_refused', by: organizers },
  ...withdrawable.map((from) => ({ from, to: 'withdrawn' as const, by: ['owner'] as const })),
];

export function findTransition(from: CaseStatus, to: CaseStatus): Transition | undefined {
  return transitions.find((t) => t.from === from && t.to === to);
}

/** The usual route from a draft to `status`, for demo data and tests. */
export function pathTo(status: CaseStatus): CaseStatus[] {
  const routes: Record<CaseStatus, CaseStatus[]> = {
    draft: ['draft'],
    submitted: ['draft', 'submitted'],
    in_review: ['draft', 'submitted', 'in_review'],
    needs_info: ['draft', 'submitted', 'in_review', 'needs_info'],
    recommended: ['draft', 'submitted', 'in_review', 'recommended'],
    accepted: ['draft', 'submitted', 'in_review', 'recommended', 'accepted'],
    declined: ['draft', 'submitted', 'in_review', 'declined'],
    bundled: ['draft', 'submitted', 'in_review', 'recommended', 'accepted', 'bundled'],
    filed: ['draft', 'submitted', 'in_review', 'recommended', 'accepted', 'bundled', 'filed'],
    protest_brought: ['draft', 'submitted', 'in_review', 'recommended', 'accepted', 'bundled', 'filed', 'protest_brought'],
    protest_refused: ['draft', 'submitted', 'in_review', 'recommended', 'accepted', 'bundled', 'filed', 'protest_refused'],
    withdrawn: ['draft', 'submitted', 'withdrawn'],
  };
  return routes[status];
}

export const caseStatuses: CaseStatus[] = [...caseStatusValues];
