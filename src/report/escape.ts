/** Escaping for every string that comes from a spec or a CSV file. */

/** Text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Text for a Markdown table cell or paragraph: Markdown's own punctuation is
 * backslash-escaped, pipes cannot end a cell, newlines cannot end a row, and
 * HTML is entity-escaped because renderers (GitHub's included) pass raw HTML through.
 */
export function escapeMarkdown(s: unknown): string {
  return String(s ?? '')
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([`*_{}[\]|~])/g, '\\$1')
    .replace(/\r?\n/g, ' ')
    // Block syntax only counts at the start of a line: headings, lists, quotes.
    .replace(/^(\s*)([#+-]|\d+[.)])(?=\s|$)/, '$1\\$2');
}
