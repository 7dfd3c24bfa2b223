/** The cards of a sequence in the order the participant meets them. */
export type StepCard = 'intro' | 'proposal' | 'propose' | 'final';

export interface Step {
  card: StepCard;
  /** 0-based position of the proposal on 'proposal' steps; -1 on the others. */
  index: number;
}

/**
 * The journey through `total` proposals: the intro, the proposals, the push-proposal card once half
 * of them are behind (when there is a middle, i.e. two proposals or more, and the participant can
 * propose), and the final card.
 */
export function journey(total: number, withPush: boolean): Step[] {
  const pushBefore = withPush && total >= 2 ? Math.ceil(total / 2) : -1;
  const steps: Step[] = [{ card: 'intro', index: -1 }];
  for (let index = 0; index < total; index++) {
    if (index === pushBefore) steps.push({ card: 'propose', index: -1 });
    steps.push({ card: 'proposal', index });
  }
  steps.push({ card: 'final', index: -1 });
  return steps;
}

/** How many proposals the participant has reached at `step` (the "3" of "3 of 12"). */
export function proposalsReached(steps: readonly Step[], at: number): number {
  let reached = 0;
  for (let i = 0; i <= at && i < steps.length; i++) if (steps[i]!.card === 'proposal') reached++;
  return reached;
}
