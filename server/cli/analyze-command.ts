import { Command } from 'commander';
import { addSharedOptions, type AnalyzeFlags } from './shared-options.js';

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
  ).action(async (urls: string[], flags: AnalyzeFlags) => {
    // Loaded when run, so `--help` and the other commands do not load collection and the rule engine.
    const { runAnalyze } = await import('./analyze-action.js');
    await runAnalyze(urls, flags);
  });
}
