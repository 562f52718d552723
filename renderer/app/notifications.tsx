/**
 * Short messages about what just happened ("Moved to In Progress", "Cannot move …"), shown
 * one at a time at the bottom of the window and announced to screen readers.
 */
import Alert, { type AlertColor } from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';
import { createContext, use, useCallback, useMemo, useState, type ReactNode } from 'react';

export interface Notice {
  message: string;
  severity: AlertColor;
}

type Notify = (message: string, severity?: AlertColor) => void;

const NotifyContext = createContext<Notify>(() => undefined);

export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<(Notice & { key: number }) | null>(null);
  const notify = useCallback<Notify>((message, severity = 'info') => {
    setNotice({ message, severity, key: Date.now() });
  }, []);
  const close = useCallback(() => setNotice(null), []);
  const value = useMemo(() => notify, [notify]);
  return (
    <NotifyContext value={value}>
      {children}
      <Snackbar
        key={notice?.key}
        open={notice !== null}
        autoHideDuration={
          notice?.severity === 'error' || notice?.severity === 'warning' ? 8000 : 4000
        }
        onClose={(_event, reason) => {
          if (reason !== 'clickaway') close();
        }}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
      >
        {notice ? (
          <Alert
            severity={notice.severity}
            variant="filled"
            onClose={close}
            role={notice.severity === 'error' || notice.severity === 'warning' ? 'alert' : 'status'}
            sx={{ maxWidth: 560 }}
          >
            {notice.message}
          </Alert>
        ) : undefined}
      </Snackbar>
    </NotifyContext>
  );
}

export function useNotify(): Notify {
  return use(NotifyContext);
}
