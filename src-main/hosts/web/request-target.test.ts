// The request-target parser is total and never yields a segment that could leave the renderer folder.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRequestTarget } from './request-target';
import { fuzzTarget } from './testing/hostile-requests';

describe('parseRequestTarget', () => {
  it('decodes paths and keeps the query', () => {
    const t = parseRequestTarget('/assets/a%20b.js?token=abc&x=%');
    expect(t).toMatchObject({ ok: true, segments: ['assets', 'a b.js'], pathname: '/assets/a b.js' });
    expect(t.ok && t.query.get('token')).toBe('abc');
    expect(parseRequestTarget('/')).toMatchObject({ ok: true, segments: [], pathname: '/' });
    expect(parseRequestTarget('/rpc#frag')).toMatchObject({ ok: true, pathname: '/rpc' });
  });

  it.each([
    ['/%', /percent escape/],
    ['//[', /empty segment/],
    ['/%C0%AF', /percent escape/],
    ['/..', /leaves its folder/],
    ['/%2e%2e/x', /leaves its folder/],
    ['/a%2fb', /separator/],
    ['/a%5cb', /separator/],
    ['/a\\b', /separator/],
    ['/a%00b', /control/],
    ['/C:%5cx', /separator/],
    ['http://evil/x', /not a path/],
    ['*', /not a path/],
    [undefined, /not a path/],
  ])('refuses %j', (raw, reason) => {
    const t = parseRequestTarget(raw);
    expect(t.ok).toBe(false);
    expect(!t.ok && t.reason).toMatch(reason);
  });

  it('never throws, and every segment it accepts stays inside its folder (5000 fuzzed targets)', () => {
    fc.assert(
      fc.property(fc.oneof(fuzzTarget, fc.string()), (raw) => {
        const t = parseRequestTarget(raw);
        return !t.ok || t.segments.every((s) => s !== '' && s !== '.' && s !== '..' && !/[/\\:\0]/.test(s));
      }),
      { numRuns: 5000, seed: 11 },
    );
  });
});
