// Lenient on the words around the address, strict on the address: a local part, "@", a domain with a dot
// and a top-level label of two or more letters. Trailing sentence punctuation is left out by the last group.
const EMAIL_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

function isValid(email: string): boolean {
  const [local, domain] = email.split('@');
  return !local.startsWith('.') && !local.endsWith('.') && !local.includes('..') && !domain.split('.').some((l) => l === '' || l.startsWith('-') || l.endsWith('-'));
}

/**
 * Email addresses inside `text`, lowercased (addresses are matched case-insensitively in practice).
 *
 * @example
 * findEmails("it's Bob@X.com thanks") // ["bob@x.com"]
 */
export function findEmails(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize('NFKC').matchAll(EMAIL_RE)) {
    const e = m[0].toLowerCase();
    if (isValid(e)) out.push(e);
  }
  return out;
}
