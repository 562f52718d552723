import { createTheme, type Theme } from '@mui/material/styles';

export type ColorMode = 'light' | 'dark';

/**
 * Calm, dense and legible on a plant-floor laptop, in the light or dark scheme the operating
 * system asks for; fonts come from the system.
 */
export function createAppTheme(mode: ColorMode): Theme {
  const light = mode === 'light';
  return createTheme({
    palette: {
      mode,
      primary: { main: light ? '#1f5fa8' : '#8ab8ef' },
      background: light
        ? { default: '#f4f6f8', paper: '#ffffff' }
        : { default: '#0f1419', paper: '#182029' },
      divider: light ? 'rgba(15, 30, 50, 0.12)' : 'rgba(200, 220, 240, 0.14)',
    },
    shape: { borderRadius: 8 },
    typography: {
      fontFamily:
        '"Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif',
      h1: { fontSize: '1.25rem', fontWeight: 600 },
      h2: { fontSize: '1.1rem', fontWeight: 600 },
      h3: { fontSize: '0.95rem', fontWeight: 600 },
    },
    components: {
      MuiTableCell: { styleOverrides: { head: { fontWeight: 600 } } },
      MuiButton: {
        defaultProps: { disableElevation: true },
        styleOverrides: { root: { textTransform: 'none', fontWeight: 600 } },
      },
      MuiTooltip: { defaultProps: { arrow: true } },
    },
  });
}
