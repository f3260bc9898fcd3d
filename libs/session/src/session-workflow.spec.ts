import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkTransition, defineSessionWorkflow } from './session-workflow';

const workflow = defineSessionWorkflow({
  name: 'draft',
  states: ['open', 'filled', 'done'],
  initial: 'open',
  data: z.object({ text: z.string().optional() }),
  transitions: {
    fill: { from: ['open', 'filled'], to: 'filled' },
    finish: { from: ['filled'], to: 'done', refusedStatus: 400 },
    touch: { from: ['open', 'filled'] },
    reopen: { from: ['filled'], to: 'open', refusedStatus: { open: 400 } },
  },
});

describe('session workflow declaration', () => {
  it('allows an action from its declared states and names the target state', () => {
    expect(checkTransition(workflow, 'fill', 'open')).toEqual({ allowed: true, to: 'filled' });
    expect(checkTransition(workflow, 'fill', 'filled')).toEqual({ allowed: true, to: 'filled' });
  });

  it('refuses an action from another state and lists the allowed ones', () => {
    expect(checkTransition(workflow, 'finish', 'open')).toEqual({
      allowed: false,
      allowedFrom: ['filled'],
      status: 400,
    });
  });

  it('answers the refusal status declared for the current state, else 409', () => {
    expect(checkTransition(workflow, 'reopen', 'open')).toMatchObject({ status: 400 });
    expect(checkTransition(workflow, 'reopen', 'done')).toMatchObject({ status: 409 });
    expect(checkTransition(workflow, 'fill', 'done')).toMatchObject({ status: 409 });
  });

  it('keeps the state when an action declares no target', () => {
    expect(checkTransition(workflow, 'touch', 'filled')).toEqual({ allowed: true, to: 'filled' });
  });

  it('rejects a declaration naming an undeclared state', () => {
    expect(() =>
      defineSessionWorkflow({
        name: 'broken',
        states: ['a', 'b'],
        initial: 'a',
        data: z.object({}),
        // @ts-expect-error 'c' is not a declared state
        transitions: { go: { from: ['a'], to: 'c' } },
      }),
    ).toThrow(/unknown state "c"/);
  });

  it('rejects an initial state that is not declared', () => {
    expect(() =>
      defineSessionWorkflow({
        name: 'broken',
        states: ['a'],
        // @ts-expect-error 'z' is not a declared state
        initial: 'z',
        data: z.object({}),
        transitions: {},
      }),
    ).toThrow(/initial state "z"/);
  });
});
