import { ThemeProvider } from '@mui/material/styles';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createConsoleTheme } from '../../../lib/theme';
import { StepNavigation } from './step-navigation';

function renderNavigation(props: { step: number; productSaved: boolean; targetSaved: boolean }) {
  const onSelect = vi.fn();
  render(
    <ThemeProvider theme={createConsoleTheme('light')}>
      <StepNavigation {...props} onSelect={onSelect} />
    </ThemeProvider>,
  );
  return { onSelect };
}

describe('StepNavigation', () => {
  it('shows the three steps as tabs named by their labels, the current one selected', () => {
    renderNavigation({ step: 1, productSaved: true, targetSaved: false });
    const tabs = within(screen.getByRole('tablist')).getAllByRole('tab');
    // named by the label alone: the step's number is hidden from assistive technology
    const names = ['Product details', 'Audience target', 'Review and commit'];
    expect(tabs).toEqual(names.map((name) => screen.getByRole('tab', { name })));
    const current = screen.getByRole('tab', { name: 'Audience target', selected: true });
    expect(current.getAttribute('aria-current')).toBe('step');
    expect(screen.getAllByRole('tab', { selected: false })).toHaveLength(2);
    expect(screen.getByRole('tab', { name: 'Product details' }).getAttribute('aria-current')).toBe(
      null,
    );
  });

  it('marks a saved step with a check instead of its number', () => {
    renderNavigation({ step: 2, productSaved: true, targetSaved: false });
    const product = screen.getByRole('tab', { name: 'Product details' });
    const target = screen.getByRole('tab', { name: 'Audience target' });
    expect(product.className).toContain('completed');
    expect(product.querySelector('svg path')).not.toBeNull();
    expect(target.className).not.toContain('completed');
    expect(target.querySelector('svg text')?.textContent).toBe('2');
  });

  it('opens the step that is pressed', async () => {
    const { onSelect } = renderNavigation({ step: 0, productSaved: false, targetSaved: false });
    await userEvent.click(screen.getByRole('tab', { name: 'Review and commit' }));
    expect(onSelect).toHaveBeenCalledWith(2);
  });
});
