import { Command } from 'commander';
import { addSharedOptions, type AnalyzeFlags } from './shared-options.js';
import { CliInputError } from './cli-input-error.js';
import { INSPECT_FEATURES, type InspectFeature, type InspectOptions } from '../collect/inspection/inspect-options.js';

/** `--inspect clients,keyspace`: the named features on, with their defaults. */
function parseInspectFlag(value: string): InspectOptions {
  const options: InspectOptions = {};
  for (const name of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!(INSPECT_FEATURES as readonly string[]).includes(name))
      throw new CliInputError(`--inspect: unknown feature "${name}" (known: ${INSPECT_FEATURES.join(', ')})`);
    const feature = name as InspectFeature;
    if (feature === 'keyspace') options.keyspace = { enabled: true };
    else options[feature] = true;
  }
  return options;
}

export function analyzeCommand(): Command {
  return addSharedOptions(
    new Command('analyze')
      .description('discover the topology behind each URL, analyse every node read-only, print findings')
      .argument(
        '[url...]',
        'redis://[user:pass@]host:port[/db], rediss://..., redis-sentinel://[user:pass@]host:port[,host:port]/<master>'
      )
      .option('--targets <fleet.yaml>', 'a fleet file: named targets with labels, in the provisioning target schema')
      .option('--timeout <ms>', 'connect and command timeout per node', '5000')
      // Collection waits on the network, not the CPU: a fleet's round trips overlap (the one-round-trip floor).
      .option('--concurrency <n>', 'nodes collected at once', '128')
      .option(
        '--inspect <features>',
        `opt-in inspections for the URLs, comma-separated: ${INSPECT_FEATURES.join(', ')} (extra ACL commands: see README)`,
        parseInspectFlag
      )
      .option(
        '--acl-file <path>',
        "the ACL file your config management deploys: every node's running users are compared with it (extra ACL rule: +command|info; see README)"
      )
  ).action(async (urls: string[], flags: AnalyzeFlags) => {
    // Loaded when run, so `--help` and the other commands do not load collection and the rule engine.
    const { runAnalyze } = await import('./analyze-action.js');
    await runAnalyze(urls, flags);
  });
}
