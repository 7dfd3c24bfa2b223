import * as z from 'zod/mini';
import { VoteResult } from '../protocol/index.js';

/** What `castVote` resolves with: the protocol's VoteResult plus how far delivery has gone. */
export const VoteReceiptSchema = z.extend(VoteResult, { delivery: z.enum(['acknowledged', 'pending']) });
