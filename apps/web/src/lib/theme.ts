import { createTheme, type Theme } from '@mui/material/styles';

export type Tone = 'success' | 'warning' | 'error' | 'info' | 'neutral';

/** State colours: tinted backgrounds with dark (light) text, AA contrast in both modes. */
const TONES: Record<'light' | 'dark', Record<Tone, { bg: string; fg: string }>> = {
  light: {
    success: { bg: '#e3f3e8', fg: '#1b5e33' },
    warning: { bg: '#fdf0d9', fg: '#7a4a00' },
    error: { bg: '#fbe4e4', fg: '#9b1c1c' },
    info: { bg: '#e2f0f7', fg: '#0b5572' },
    neutral: { bg: '#eceff2', fg: '#3d4650' },
  },
  dark: {
    success: { bg: '#173a25', fg: '#8fdca9' },
    warning: { bg: '#3f2e0c', fg: '#f3c776' },
    error: { bg: '#44191b', fg: '#f5a3a3' },
    info: { bg: '#0f3342', fg: '#8fd0ea' },
    neutral: { bg: '#262e36', fg: '#c5cdd5' },
  },
};

declare module '@mui/material/styles' {
  interface Theme {
    tones: Record<Tone, { bg: string; fg: string }>;
  }
  interface ThemeOptions {
    tones?: Record<Tone, { bg: string; fg: string }>;
  }
}

const FONT =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif';

/** Calm and dense: a clinic's staff reads these screens all day. */
export function createConsoleTheme(mode: 'light' | 'dark'): Theme {
  const light = mode === 'light';
  return createTheme({
    tones: TONES[mode],
    palette: {
      mode,
      primary: light
        ? { main: '#0b6e8a', dark: '#08566c', light: '#3c8ba2', contrastText: '#ffffff' }
        : { main: '#5cc3dd', dark: '#3aa6c2', light: '#8ad6e9', contrastText: '#06222b' },
      secondary: light ? { main: '#5b4bb7' } : { main: '#b1a6f2' },
      error: light ? { main: '#b3261e' } : { main: '#f2a19b' },
      warning: light ? { main: '#8a5300' } : { main: '#f3c776' },
      success: light ? { main: '#1b6e3a' } : { main: '#8fdca9' },
      background: light
        ? { default: '#f4f6f8', paper: '#ffffff' }
        : { default: '#0e1317', paper: '#151b21' },
      text: light
        ? { primary: '#1c2329', secondary: '#55606b' }
        : { primary: '#e6eaee', secondary: '#a3adb7' },
      divider: light ? '#dde2e7' : '#2a333c',
    },
    shape: { borderRadius: 6 },
    typography: {
      fontFamily: FONT,
      fontSize: 13,
      h1: { fontSize: '1.375rem', fontWeight: 600, lineHeight: 1.3 },
      h2: { fontSize: '1.0625rem', fontWeight: 600, lineHeight: 1.4 },
      h3: { fontSize: '0.9375rem', fontWeight: 600 },
      subtitle2: { fontWeight: 600 },
      button: { textTransform: 'none', fontWeight: 600 },
    },
    components: {
      MuiButton: { defaultProps: { disableElevation: true } },
      // An alert interrupts; most of these boxes are notes. Errors set role="alert" themselves.
      MuiAlert: { defaultProps: { role: 'status' } },
      MuiPaper: {
        defaultProps: { elevation: 0 },
        styleOverrides: {
          root: ({ theme }) => ({
            backgroundImage: 'none',
            border: `1px solid ${theme.palette.divider}`,
          }),
        },
      },
      MuiAppBar: {
        defaultProps: { elevation: 0, color: 'inherit' },
        styleOverrides: { root: { borderWidth: '0 0 1px 0' } },
      },
      MuiDrawer: { styleOverrides: { paper: { borderWidth: '0 1px 0 0' } } },
      MuiDialog: { styleOverrides: { paper: { borderWidth: 0 } } },
      MuiMenu: { styleOverrides: { paper: { borderWidth: 0 } } },
      MuiPopover: { styleOverrides: { paper: { borderWidth: 0 } } },
      MuiAutocomplete: { styleOverrides: { paper: { borderWidth: 1 } } },
      MuiTextField: {
        defaultProps: { size: 'small', slotProps: { inputLabel: { shrink: true } } },
      },
      MuiFormHelperText: { styleOverrides: { root: { marginLeft: 2 } } },
      MuiTable: { defaultProps: { size: 'small' } },
      MuiTableCell: {
        styleOverrides: {
          head: ({ theme }) => ({
            fontWeight: 600,
            color: theme.palette.text.secondary,
            whiteSpace: 'nowrap',
          }),
        },
      },
      MuiChip: { defaultProps: { size: 'small' } },
      MuiTooltip: { defaultProps: { arrow: true } },
      MuiLink: { defaultProps: { underline: 'hover' } },
    },
  });
}
