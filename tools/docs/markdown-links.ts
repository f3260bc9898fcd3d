import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

export interface MarkdownLink {
  /** the Markdown file, relative to the repository */
  file: string;
  line: number;
  target: string;
}

const INLINE = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/;
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i;

/** The links to relative paths of a Markdown file (outside code blocks and code spans). */
export function relativeLinks(root: string, file: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  let fenced = false;
  readFileSync(resolve(root, file), 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (/^\s{0,3}(```|~~~)/.test(text)) fenced = !fenced;
      if (fenced) return;
      const prose = text.replace(/`[^`]*`/g, '');
      const targets = [
        ...[...prose.matchAll(INLINE)].map((match) => match[1]!),
        ...(REFERENCE.exec(prose)?.slice(1, 2) ?? []),
      ];
      for (const target of targets) {
        if (!EXTERNAL.test(target)) links.push({ file, line: index + 1, target });
      }
    });
  return links;
}

/** Why a relative link does not lead to a file of the repository, or undefined when it does. */
export function brokenBecause(root: string, link: MarkdownLink): string | undefined {
  const path = decodeURIComponent(link.target.replace(/[#?].*$/, ''));
  if (path === '') return undefined;
  const absolute = resolve(root, dirname(link.file), path);
  const inside = relative(root, absolute);
  if (inside.startsWith('..') || isAbsolute(inside)) return 'leads outside the repository';
  if (!existsSync(absolute)) return 'does not exist';
  return undefined;
}
