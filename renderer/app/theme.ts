import { createTheme } from '@mui/material/styles';

/** Calm, dense and legible on a plant-floor laptop; fonts come from the system. */
export const theme = createTheme({
  palette: {
    mode: 'light',
    primary: { main: '#1f5fa8' },
    background: { default: '#f4f6f8', paper: '#ffffff' },
  },
  shape: { borderRadius: 8 },
  typography: {
    fontFamily: '"Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif',
    h1: { fontSize: '1.25rem', fontWeight: 600 },
    h2: { fontSize: '1.1rem', fontWeight: 600 },
  },
  components: {
    MuiTableCell: { styleOverrides: { head: { fontWeight: 600 } } },
  },
});
