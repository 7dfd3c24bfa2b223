// Types of text-cases.mjs for the TypeScript browser tests.
import type { TextProblem, TextRules } from '../../src/protocol/index.js';

export interface TextCase {
  name: string;
  content: string;
  problem: TextProblem | null;
  status: 201 | 400 | 422;
  stored?: string;
  length?: number;
  duplicateOf?: true;
}
export declare const TEXT_RULES: TextRules;
export declare const ORIGINAL: string;
export declare const TEXT_CASES: TextCase[];
