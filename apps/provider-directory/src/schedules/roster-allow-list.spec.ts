import { describe, expect, it } from 'vitest';
import { endpointOf, rosterAllowListSchema } from './roster-allow-list';

const parse = (text?: string) => rosterAllowListSchema.parse(text);
const endpoint = (url: string) => endpointOf(new URL(url));

describe('ROSTER_SOURCE_ALLOW', () => {
  it('allows nothing by default', () => {
    expect(parse(undefined).isEmpty).toBe(true);
    expect(parse(' , ').isEmpty).toBe(true);
  });

  it('matches exact host:port entries only, the scheme giving the port a URL leaves out', () => {
    const allow = parse('Rosters.Example.org:443, 10.0.0.7:8080,[fd00::7]:8443');

    expect(allow.allows(endpoint('https://rosters.example.org/x?key=1'))).toBe(true);
    expect(allow.allows(endpoint('http://rosters.example.org/x'))).toBe(false);
    expect(allow.allows(endpoint('https://rosters.example.org:8443/x'))).toBe(false);
    expect(allow.allows(endpoint('https://rosters.example.org.evil.test/x'))).toBe(false);
    expect(allow.allows(endpoint('http://10.0.0.7:8080/'))).toBe(true);
    expect(allow.allows(endpoint('https://[fd00:0::7]:8443/'))).toBe(true);
    expect(allow.allowsAddress('fd00::7', 8443)).toBe(true);
    expect(allow.allowsAddress('10.0.0.7', 80)).toBe(false);
  });

  it('spells entries as a URL does: 127.1 is 127.0.0.1, a trailing dot is dropped', () => {
    const allow = parse('127.1:9000,rosters.example.org.:443');

    expect(allow.allows(endpoint('http://127.0.0.1:9000/'))).toBe(true);
    expect(allow.allows(endpoint('https://rosters.example.org/'))).toBe(true);
  });

  it.each(['localhost', 'localhost:0', 'localhost:65536', 'http://x:80', 'a b:80', '::1:80'])(
    'refuses the entry %j, naming it',
    (entry) => {
      const result = rosterAllowListSchema.safeParse(entry);

      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toContain(`entry "${entry}" must be host:port`);
    },
  );
});
