/** The main process's log: a message plus structured details, written to the console. */
export interface Logger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

function line(level: string, message: string, details?: Record<string, unknown>): string {
  const time = new Date().toISOString();
  return details
    ? `${time} ${level} ${message} ${JSON.stringify(details)}`
    : `${time} ${level} ${message}`;
}

export const consoleLogger: Logger = {
  info: (message, details) => console.info(line('info', message, details)),
  warn: (message, details) => console.warn(line('warn', message, details)),
  error: (message, details) => console.error(line('error', message, details)),
};

/** A short, loggable form of an unknown error. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    return { error: error.name, message: error.message, stack: error.stack };
  }
  return { error: String(error) };
}
