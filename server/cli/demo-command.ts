/**
 * `redislens demo`: a first run with nothing to set up. Starts a small Redis
 * fleet with planted problems on free loopback ports, runs the sidecar
 * (the same startSidecar as `serve`) on an embedded store with that fleet
 * provisioned, prints where to look and a live summary. Ctrl-C (or SIGTERM)
 * stops every process it started and removes its temporary folder.
 */
import { Command, InvalidArgumentError } from 'commander';

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 86400) throw new InvalidArgumentError('expected whole seconds, 1 to 86400');
  return n;
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('start a small Redis fleet with planted problems and a sidecar analysing it; Ctrl-C stops everything')
    .option('--listen <host:port>', 'REST API address (port 0: a free port)', '127.0.0.1:0')
    .option('--grpc-listen <host:port>', 'Grafana plugin protocol address (port 0: a free port)', '127.0.0.1:0')
    .option('--interval <seconds>', 'analysis interval of the demo targets', seconds, 10)
    .option('--outage-after <seconds>', 'a replica stops after this long ...', seconds, 60)
    .option('--outage-for <seconds>', '... and comes back after this long (repeating)', seconds, 60)
    .action(async (flags) => {
      // The fleet and the sidecar are loaded only when the demo runs.
      const { runDemo } = await import('./demo-action.js');
      await runDemo(flags);
    });
}
