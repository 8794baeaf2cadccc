/**
 * Loads a plugin's module.js the way Grafana's SystemJS (with its AMD extra)
 * does: a <script> whose `define(deps, factory)` is matched to the script
 * that ran it, bare dependencies taken from the host's shared modules, and
 * `module` answered with the script's absolute URL so webpack sets its
 * public path (lazy chunks then load from the plugin's own folder).
 */

type Factory = (...deps: unknown[]) => unknown;
type Define = ((...args: unknown[]) => void) & { amd: object };

const pending = new Map<string, { resolve: (exports: unknown) => void; reject: (error: Error) => void }>();

export function installDefine(shared: Record<string, unknown>): void {
  const define: Define = Object.assign(
    (...args: unknown[]) => {
      // define([name,] [deps,] factory)
      const rest = typeof args[0] === 'string' ? args.slice(1) : args;
      const [deps, factory] = (Array.isArray(rest[0]) ? [rest[0], rest[1]] : [[], rest[0]]) as [string[], Factory];
      const script = document.currentScript as HTMLScriptElement | null;
      const url = script?.src ?? '';
      const waiting = pending.get(url);
      // Other UMD code on the page (e.g. axe-core injected by the tests) also calls define when it sees
      // define.amd; like SystemJS, only a module being imported is registered, the rest is left alone.
      if (!waiting) return;
      pending.delete(url);
      try {
        const exports: Record<string, unknown> = {};
        const missing = deps.filter((d) => !['module', 'exports', 'require'].includes(d) && !(d in shared));
        if (missing.length > 0) {
          throw new Error(
            `${url} needs ${missing.join(', ')}, which Grafana's shared modules (the host) do not provide`
          );
        }
        const args = deps.map((dep) => {
          if (dep === 'module') return { id: url, uri: url };
          if (dep === 'exports') return exports;
          if (dep === 'require') return (name: string) => shared[name];
          return shared[dep];
        });
        const result = factory(...args);
        waiting.resolve(result ?? exports);
      } catch (error) {
        waiting.reject(error as Error);
      }
    },
    { amd: {} }
  );
  (window as unknown as { define: Define }).define = define;
}

const loaded = new Map<string, Promise<unknown>>();

/** Imports an AMD plugin module once per URL; resolves to its exports (e.g. `{ plugin }`). */
export function importPluginModule(path: string): Promise<unknown> {
  const url = new URL(path, window.location.origin).href;
  let promise = loaded.get(url);
  if (!promise) {
    promise = new Promise((resolve, reject) => {
      pending.set(url, { resolve, reject });
      const script = document.createElement('script');
      script.src = url;
      script.async = true;
      script.onerror = () => reject(new Error(`could not load ${url}`));
      script.onload = () => {
        // A script that never called define() is not an AMD plugin module.
        setTimeout(() => reject(new Error(`${url} loaded but did not call define()`)), 0);
      };
      document.head.appendChild(script);
    });
    loaded.set(url, promise);
  }
  return promise;
}
