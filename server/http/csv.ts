/**
 * CSV as RFC 4180 writes it, for bulk proposals: fields separated by commas, quoted with `"` when
 * they hold a comma, a quote (doubled) or a line break. Read leniently where spreadsheets differ
 * (LF, CRLF or a lone CR ends a record; a last record without a line break) and strictly where a
 * guess could change a text (a quote inside an unquoted field, text after a closing quote, a quote
 * never closed: that record is refused, by its line number). No npm package here: the server takes
 * no new dependency for forty lines (docs/decisions.md, "Issue 12: consultations, polls, dashboard").
 */

/** One record: its fields, or why it could not be read; `line`: where it starts (1-based). */
export type CsvRecord = { line: number; fields: string[] } | { line: number; problem: string };

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let problem: string | null = null;
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) {
            problem ??= 'a quoted field is never closed';
            break;
          }
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
          field += ch;
          i++;
        }
        // After a closing quote only a separator or the end of the record may follow.
        if (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          problem ??= 'text after a closing quote (a quote inside a field is written "")';
          while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') i++;
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          if (text[i] === '"') problem ??= 'a quote inside an unquoted field (quote the field, and double its quotes)';
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    // End of record: CRLF, LF or a lone CR.
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    // Blank lines are skipped (a trailing one is usual).
    if (!problem && fields.length === 1 && fields[0]!.trim() === '') continue;
    records.push(problem ? { line: start, problem } : { line: start, fields });
  }
  return records;
}
