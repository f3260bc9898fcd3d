import { describe, expect, it } from 'vitest';
import { loadDirectoryConfig } from './config';

const BASE = {};

describe('provider-directory configuration', () => {
  it('allows no roster source by default: roster fetching is off until configured', () => {
    const config = loadDirectoryConfig(BASE);

    expect(config.ROSTER_SOURCE_ALLOW.isEmpty).toBe(true);
    expect(config.ROSTER_SOURCE_ALLOW.allows({ host: 'localhost', port: 80 })).toBe(false);
    expect(config.ROSTER_SOURCE_ALLOW.allows({ host: '127.0.0.1', port: 3001 })).toBe(false);
  });

  it('refuses the former SCHEDULE_ROSTER_ALLOWED_HOSTS, naming its replacement', () => {
    expect(() =>
      loadDirectoryConfig({ ...BASE, SCHEDULE_ROSTER_ALLOWED_HOSTS: 'localhost,127.0.0.1' }),
    ).toThrow(/SCHEDULE_ROSTER_ALLOWED_HOSTS: is replaced by ROSTER_SOURCE_ALLOW/);
  });

  it('refuses an allow-list entry without a port, naming the variable', () => {
    expect(() =>
      loadDirectoryConfig({ ...BASE, ROSTER_SOURCE_ALLOW: 'rosters.example.org' }),
    ).toThrow(/ROSTER_SOURCE_ALLOW: entry "rosters.example.org" must be host:port/);
  });
});
