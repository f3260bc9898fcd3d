import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@medicalink/testing';
import { brokenBecause, relativeLinks } from './markdown-links';

const ROOT = repoRoot(__dirname);
const DOCUMENTS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

describe('the links of README.md and docs/*.md', () => {
  it('cover the three documents of docs/', () => {
    expect(DOCUMENTS).toEqual(
      expect.arrayContaining(['docs/architecture.md', 'docs/api.md', 'docs/console.md']),
    );
  });

  it('lead only to files of this repository', () => {
    const broken = DOCUMENTS.flatMap((file) => relativeLinks(ROOT, file)).flatMap((link) => {
      const reason = brokenBecause(ROOT, link);
      return reason ? [`${link.file}:${link.line} ${link.target} ${reason}`] : [];
    });

    expect(broken).toEqual([]);
  });
});

describe('relativeLinks and brokenBecause', () => {
  const root = mkdtempSync(join(tmpdir(), 'links-'));
  mkdirSync(join(root, 'docs'));
  writeFileSync(join(root, 'docs/here.md'), '');
  writeFileSync(
    join(root, 'README.md'),
    [
      'See [here](docs/here.md#top), ![shot](docs/gone.png) and [out](../shared/API.md).',
      '[web](https://example.org) [anchor](#top) `[code](nowhere.md)`',
      '```',
      '[fenced](nowhere.md)',
      '```',
      '[ref]: docs/missing.md',
    ].join('\n'),
  );

  it('finds inline, image and reference links outside code, and judges each', () => {
    const links = relativeLinks(root, 'README.md');

    expect(links.map((link) => [link.line, link.target, brokenBecause(root, link)])).toEqual([
      [1, 'docs/here.md#top', undefined],
      [1, 'docs/gone.png', 'does not exist'],
      [1, '../shared/API.md', 'leads outside the repository'],
      [6, 'docs/missing.md', 'does not exist'],
    ]);
  });
});
