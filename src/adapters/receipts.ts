import * as z from 'zod/mini';
import { QualificationsResult, VoteResult } from '../protocol/index.js';

/** What `castVote` resolves with: the protocol's VoteResult plus how far delivery has gone. */
export const VoteReceiptSchema = z.extend(VoteResult, { delivery: z.enum(['acknowledged', 'pending']) });

/** What `qualify` resolves with: the protocol's QualificationsResult plus how far delivery has gone. */
export const QualifyReceiptSchema = z.extend(QualificationsResult, { delivery: z.enum(['acknowledged', 'pending']) });
