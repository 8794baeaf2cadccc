/** Discovery progress on stderr: a live line on a terminal, a line a second otherwise. */
import type { DiscoveryProgress } from '../collect/discovery.js';

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): {
  update: (e: DiscoveryProgress) => void;
  done: () => void;
} {
  let last = 0;
  let latest: DiscoveryProgress | undefined;
  let unreachable = 0;
  const line = (e: DiscoveryProgress) =>
    `redislens: collected ${e.done} of ${e.found} node(s)${unreachable ? `, ${unreachable} unreachable` : ''}`;
  return {
    update(event) {
      latest = event;
      if (!event.reachable) unreachable++;
      const now = Date.now();
      if (stream.isTTY) stream.write(`\r${line(event)}\x1b[K`);
      else if (now - last >= 1000 && last !== 0) stream.write(`${line(event)}\n`);
      if (last === 0) last = now;
      else if (!stream.isTTY && now - last >= 1000) last = now;
    },
    done() {
      if (stream.isTTY && latest) stream.write(`\r${line(latest)}\x1b[K\n`);
    },
  };
}
