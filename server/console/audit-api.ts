/** The audit tab's calls (issue 12): the moderation log, filtered and paged, and its CSV download. */
import { ModerationLogPage, type ModerationLogQuery } from 'consult-widgets/protocol/admin';
import type { AdminApi } from './api.js';

/** The log's query string: the filters set, and the cursor of the page wanted. */
export function moderationQuery(filter: LogFilter): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `?${text}` : '';
}

export async function moderationLog(api: AdminApi, consultationId: string, filter: LogFilter, signal?: AbortSignal): Promise<ModerationLogPage> {
  return api.call(`/consultations/${encodeURIComponent(consultationId)}/moderation${moderationQuery(filter)}`, ModerationLogPage, { signal });
}

/** Same origin, so the session cookie (Path /api/v1/admin) goes with a plain `download` link. */
export function moderationCsvHref(api: AdminApi, consultationId: string, filter: LogFilter): string {
  const { cursor: _cursor, limit: _limit, ...rest } = filter;
  return `${api.base}/consultations/${encodeURIComponent(consultationId)}/moderation.csv${moderationQuery(rest)}`;
}


/** The moderation log's query (audit view), as the strings of its query string; empty ones are left out. */
export type LogFilter = Partial<Record<keyof ModerationLogQuery, string>>;

