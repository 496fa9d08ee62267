import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ChildEvent } from './smtp-server-process';

type Received = Extract<ChildEvent, { type: 'mail' }>;

export type SmtpChild = {
  /** For SMTP_URL. */
  url: string;
  /** Every mail the server accepted, in arrival order. */
  received: Received[];
  /** Every recipient it refused (one entry per try). */
  refused: string[];
  setMode(mode: 'accept' | 'refuse'): Promise<void>;
  stop(): Promise<void>;
};

/** Starts a real SMTP server (the smtp-server package) in a child process, accepting or refusing every recipient. */
export async function startSmtpChild(mode: 'accept' | 'refuse' = 'accept'): Promise<SmtpChild> {
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'smtp-server-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SMTP_MODE: mode },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const received: Received[] = [];
  const refused: string[] = [];
  const waiters = new Set<(event: ChildEvent) => void>();
  child.on('message', (event: ChildEvent) => {
    if (event.type === 'mail') received.push(event);
    if (event.type === 'refused') refused.push(event.to);
    for (const waiter of waiters) waiter(event);
  });
  const next = <T extends ChildEvent['type']>(type: T) =>
    new Promise<Extract<ChildEvent, { type: T }>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`SMTP server process exited (${code})`));
      const waiter = (event: ChildEvent) => {
        if (event.type !== type) return;
        waiters.delete(waiter);
        child.off('exit', onExit);
        resolve(event as Extract<ChildEvent, { type: T }>);
      };
      waiters.add(waiter);
      child.once('exit', onExit);
    });
  const { port } = await next('ready');
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refused,
    async setMode(to) {
      const ack = next('mode');
      child.send({ type: 'mode', mode: to });
      await ack;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      await exited;
    },
  };
}
