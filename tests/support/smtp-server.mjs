// A real SMTP server in a process of its own, for tests: node smtp-server.mjs
// Listens on 127.0.0.1 (an ephemeral port) and speaks JSON lines on stdout:
//   {"listening": <port>}                        once, when it accepts connections
//   {"mail": {"to": [...], "from": "...", "raw": "..."}}   for every message it receives
// It stops when its stdin closes (the test process ended, however it ended) or on SIGTERM/SIGINT.
import { SMTPServer } from 'smtp-server';

const emit = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

const server = new SMTPServer({
  secure: false,
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      emit({
        mail: {
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          raw: Buffer.concat(chunks).toString('utf8'),
        },
      });
      callback();
    });
  },
});

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  // Connections the mailer keeps open must not hold the process.
  setTimeout(() => process.exit(0), 2_000).unref();
};

server.on('error', (err) => {
  console.error(err);
  process.exit(1);
});
const listening = server.listen(0, '127.0.0.1', () => emit({ listening: listening.address().port }));
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
