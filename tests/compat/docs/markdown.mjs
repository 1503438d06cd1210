// SPDX-License-Identifier: Apache-2.0
// Reads the docs the way docs-commands.test.mjs checks them: fenced blocks with their language, line and
// not-run mark, relative links, and GitHub's heading anchors.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** README.md and every Markdown file under docs/, as paths relative to the repository. */
export function docFiles() {
  return ['README.md', ...readdirSync(join(repo, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
}

/** Languages whose blocks are commands to type: they must run, or say why not. */
export const shellLanguages = new Set(['', 'bash', 'sh', 'shell', 'console', 'zsh', 'powershell', 'cmd']);

const notRunMark = /^<!--\s*not-run:\s*(.*?)\s*-->$/;

/**
 * The fenced blocks of a Markdown text: { lang, line (1-based, of the opening fence), code, notRun }.
 * notRun is the reason given by a `<!-- not-run: reason -->` comment on the line before the fence
 * (blank lines and indentation allowed), or null.
 */
export function fencedBlocks(text) {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    let previous = i - 1;
    while (previous >= 0 && lines[previous].trim() === '') previous--;
    const mark = previous >= 0 ? notRunMark.exec(lines[previous].trim()) : null;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j].trimStart().startsWith(fence); j++) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    blocks.push({ lang: lang.toLowerCase(), line: i + 1, code: body.join('\n'), notRun: mark ? mark[1] : null });
    i = j;
  }
  return blocks;
}

/** The text outside fenced blocks. */
function withoutFences(text) {
  return text.replace(/^(\s*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\s*\2[^\n]*$/gm, '');
}

/** The text outside fenced blocks and inline code, so that links are not looked for in code. */
function prose(text) {
  return withoutFences(text).replace(/`[^`\n]*`/g, '');
}

/** Relative links `[text](target)` and `<a href>`: { target, line }; external and mail links are left out. */
export function relativeLinks(text) {
  const links = [];
  for (const m of prose(text).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|href="([^"]+)"/g)) {
    const target = m[1] ?? m[2];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    links.push(target);
  }
  return links;
}

/** GitHub's anchors for the headings of a Markdown text. */
export function headingAnchors(text) {
  const anchors = new Set();
  const seen = new Map();
  for (const m of withoutFences(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

export function read(file) {
  return readFileSync(join(repo, file), 'utf8');
}
