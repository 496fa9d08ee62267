/**
 * A real SMTP server in its own process, for tests of mail delivery (started by startSmtpChild in
 * tests/support/smtp-child.ts). It talks to its parent over IPC: 'ready' with its port, then one message per mail
 * received ('mail': envelope and subject) or refused ('refused'). The parent switches it between
 * accepting and refusing every recipient with { type: 'mode' }.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ChildEvent =
  | { type: 'ready'; port: number }
  | { type: 'mail'; from: string; to: string[]; subject: string; raw: string }
  | { type: 'refused'; to: string }
  | { type: 'mode'; mode: 'accept' | 'refuse' };
export type ParentCommand = { type: 'mode'; mode: 'accept' | 'refuse' };

let mode: ParentCommand['mode'] = process.env.SMTP_MODE === 'refuse' ? 'refuse' : 'accept';
/** Tells the parent, then answers the SMTP client: the parent hears of a mail before its sender does. */
const send = (event: ChildEvent, then: () => void = () => undefined) => {
  if (process.send) process.send(event, undefined, {}, () => then());
  else then();
};

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  // Many connections at once: two workers send their batches concurrently.
  maxClients: 500,
  onRcptTo(address, _session, callback) {
    if (mode === 'refuse') {
      send({ type: 'refused', to: address.address }, () => callback(Object.assign(new Error('5.7.1 Relaying denied for this test'), { responseCode: 550 })));
      return;
    }
    callback();
  },
  onData(stream, session, callback) {
    let raw = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (raw += chunk));
    stream.on('end', () => {
      const subject = /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? '';
      send({ type: 'mail', from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), subject, raw }, () => callback());
    });
  },
});

process.on('message', (command: ParentCommand) => {
  if (command.type !== 'mode') return;
  mode = command.mode;
  send({ type: 'mode', mode });
});
// The parent went away: do not linger.
process.addListener('disconnect', () => {
  server.close(() => process.exit(0));
});

server.listen(0, '127.0.0.1', () => send({ type: 'ready', port: (server.server.address() as AddressInfo).port }));
