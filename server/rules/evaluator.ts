/**
 * Evaluates the catalog on a fleet snapshot: a pure function from
 * (snapshot, labels, history, catalog) to results. A rule whose data is
 * missing or that fails is not_evaluated with a reason, never a pass.
 */
import type { FleetSnapshot, NodeSnapshot, TopologyGroup } from '../collect/snapshot.js';
import type { Catalog, CompiledRule } from './catalog-loader.js';
import { formatValue, toJson } from './cel-values.js';
import { ContextBuilder, toCel, type CelContext, type Labels } from './evaluation-context.js';
import type { RuleResult } from './results.js';
import type { FactSourceName, Scope } from './rule-schema.js';
import { UnknownDataError } from './cel-environment.js';
import type { InspectFeature } from '../collect/inspection/inspect-options.js';

export interface EvaluationInput {
  fleet: FleetSnapshot;
  labels?: Labels;
  /** The previous snapshot of the same fleet, for rates and drift. */
  previous?: FleetSnapshot;
}

/** Labels the catalog knows; a rule missing one says which flag supplies it. */
const KNOWN_LABELS = new Set([
  'environment',
  'workload',
  'cpu_cores',
  'somaxconn',
  'fd_limit',
  'supervisor',
  'behind_nat',
  'dr_only',
  'large_keys',
  'patched_cves',
]);

function nodeInScope(scope: Scope, node: NodeSnapshot): boolean {
  if (!node.reachable) return false;
  switch (scope) {
    case 'instance':
      return node.kind === 'redis';
    case 'master':
      return node.kind === 'redis' && node.role === 'master';
    case 'replica':
      return node.kind === 'redis' && node.role === 'replica';
    case 'sentinel':
      return node.kind === 'sentinel';
    default:
      return false;
  }
}

function groupInScope(scope: Scope, group: TopologyGroup): boolean {
  return scope === 'cluster' ? group.kind === 'cluster' : scope === 'topology' && group.kind !== 'cluster';
}

/** The fact sources a node can lack while still reachable (a denied or renamed command). */
type FactSourceNeeded = Extract<FactSourceName, 'config' | 'info' | 'acl'>;

const COMMAND_OF: Record<FactSourceNeeded, string> = { config: 'CONFIG GET', info: 'INFO', acl: 'ACL LIST' };

function lacks(node: NodeSnapshot, source: FactSourceNeeded): boolean {
  return source === 'config' ? !node.config : source === 'info' ? !node.info : !node.aclUsers;
}

function unavailable(source: FactSourceNeeded, node: NodeSnapshot): string {
  const failure = node.failures[source];
  return `${COMMAND_OF[source]} unavailable on ${node.address}${failure ? `: ${failure.message}` : ''}`;
}

/** Why the data a rule requires is missing, if it is: on its node, or on any Redis node of its group. */
function missingData(
  needs: RuleNeeds,
  node: NodeSnapshot | undefined,
  context: CelContext,
  groupNodes: NodeSnapshot[]
): string | undefined {
  for (const source of needs.sources) {
    if (node) {
      if (lacks(node, source)) return unavailable(source, node);
    } else {
      for (const n of groupNodes)
        if (n.reachable && n.kind === 'redis' && lacks(n, source)) return unavailable(source, n);
    }
  }
  if (needs.history && node && context.previous === undefined) {
    return 'no earlier snapshot of this target yet (history is needed for rates)';
  }
  if (node && context.master === undefined && needs.readsMaster) {
    return 'the master of this node was not collected';
  }
  // CEL's && and || absorb errors (false && error is false), so a missing label could pass silently.
  for (const label of needs.labels) {
    if (!(label in (context.labels as CelContext)))
      return `label "${label}" not supplied (add --label ${label}=<value>)`;
  }
  return undefined;
}

/**
 * An opt-in inspection the rule reads that failed on a node it judges (CLIENT LIST denied by ACL, say): the
 * rule is not_evaluated with that failure, not silently inapplicable as where the target never opted in.
 */
function failedInspection(needs: RuleNeeds, nodes: NodeSnapshot[]): string | undefined {
  for (const feature of needs.inspects) {
    for (const n of nodes) {
      const failure = n.inspection?.failures[feature];
      if (failure) return `the ${feature} inspection failed on ${n.address}: ${failure.message}`;
    }
  }
  return undefined;
}

/** What a rule needs and reads, found once per rule rather than once per node (a fleet has thousands). */
const needsOf = new WeakMap<CompiledRule, RuleNeeds>();

interface RuleNeeds {
  /** The fact sources it requires that a node may lack, in the order they are reported. */
  sources: FactSourceNeeded[];
  history: boolean;
  readsMaster: boolean;
  labels: string[];
  /** The opt-in inspection features it reads (inspection.clients, 'keyspace' in inspection, ...). */
  inspects: InspectFeature[];
}

/** The inspection facts (inspection-facts.ts) by the feature that collects them. */
const FEATURE_OF_FACT: Record<string, InspectFeature> = {
  clients: 'clients',
  clientsTotal: 'clients',
  keyspace: 'keyspace',
  keyspaceSkipped: 'keyspace',
  slowlog: 'slowlog',
  slowCommands: 'slowlog',
  streams: 'streams',
  functions: 'functions',
  functionStats: 'functions',
};

function ruleNeeds(rule: CompiledRule): RuleNeeds {
  let needs = needsOf.get(rule);
  if (!needs) {
    const condition = [rule.when, ...Object.values(rule.vars)].join('\n');
    const all = [rule.applies ?? '', condition].join('\n');
    const read = [...all.matchAll(/\binspection\.(\w+)|['"](\w+)['"]\s+in\s+\w*\.?inspection\b/g)].map(
      (m) => m[1] ?? m[2]
    );
    needs = {
      sources: (['config', 'info', 'acl'] as const).filter((source) => rule.requires.includes(source)),
      history: rule.requires.includes('history'),
      readsMaster: /(^|[^.\w])master\./.test(condition),
      labels: referencedLabels(condition),
      inspects: [...new Set(read.map((f) => FEATURE_OF_FACT[f]).filter((f) => f !== undefined))],
    };
    needsOf.set(rule, needs);
  }
  return needs;
}

const LABEL_REFERENCE = /\blabels(?:\.(\w+)|\[\s*['"]([^'"]+)['"]\s*\])/g;

function referencedLabels(expression: string): string[] {
  // Labels only tested for presence ('x' in labels, has(labels.x)) are optional by design.
  const optional = new Set(
    [...expression.matchAll(/has\(labels\.(\w+)\)|['"](\w+)['"]\s+in\s+labels/g)].map((m) => m[1] ?? m[2])
  );
  return [...new Set([...expression.matchAll(LABEL_REFERENCE)].map((m) => m[1] ?? m[2]))].filter(
    (l) => !optional.has(l)
  );
}

function explain(error: unknown): { reason: string; ruleError: boolean } {
  if (error instanceof UnknownDataError) return { reason: error.message, ruleError: false };
  const text = (error as Error)?.message?.split('\n')[0] ?? String(error);
  const missing = /^No such key: (.+)$/.exec(text);
  if (missing) {
    const key = missing[1];
    return KNOWN_LABELS.has(key)
      ? { reason: `label "${key}" not supplied (add --label ${key}=<value>)`, ruleError: false }
      : { reason: `missing data: ${key}`, ruleError: false };
  }
  return { reason: `rule error: ${text}`, ruleError: true };
}

/**
 * What the rules evaluated on one node or group see: its shared, read-only context plus `params` and `vars`,
 * which each rule sets in turn (evaluation is synchronous). One object per node rather than a copy per rule:
 * the copies were a tenth of evaluation time and much of its garbage.
 */
class RuleScopes {
  private readonly scopes = new Map<CelContext, CelContext>();

  /** The scope of `shared` for the next rule: its params, and no vars until computeVars sets them. */
  enter(shared: CelContext, params: CelContext): CelContext {
    let scope = this.scopes.get(shared);
    if (!scope) this.scopes.set(shared, (scope = { ...shared }));
    scope.params = params;
    scope.vars = NO_VARS;
    return scope;
  }
}

const NO_VARS: CelContext = Object.freeze({});

/** Computes the rule's vars into its scope: each var sees the vars before it. */
function computeVars(rule: CompiledRule, scope: CelContext): void {
  if (rule.varPrograms.length === 0) return;
  const vars: CelContext = (scope.vars = {});
  for (const [name, program] of rule.varPrograms) vars[name] = program(scope);
}

/** One rule's result on one target; built field by field, in one shape, as results are many. */
function result(
  rule: CompiledRule,
  target: string,
  status: RuleResult['status'],
  message: string,
  severity: RuleResult['severity'] = rule.severity,
  evidence: Record<string, unknown> = {}
): RuleResult {
  return {
    ruleId: rule.id,
    title: rule.title,
    category: rule.category,
    scope: rule.scope,
    severity,
    target,
    recommendation: rule.recommendation,
    evidence,
    status,
    message,
  };
}

function notEvaluated(rule: CompiledRule, target: string, reason: string, ruleError?: boolean): RuleResult {
  const r = result(rule, target, 'not_evaluated', reason);
  r.reason = reason;
  if (ruleError !== undefined) r.ruleError = ruleError;
  return r;
}

/** A rule that threw: not evaluated, for the missing data when some is missing, else for what it threw. */
function failed(rule: CompiledRule, target: string, missing: string | undefined, error: unknown): RuleResult {
  if (missing) return notEvaluated(rule, target, missing);
  const { reason, ruleError } = explain(error);
  return notEvaluated(rule, target, reason, ruleError);
}

function evaluateRule(
  rule: CompiledRule,
  target: string,
  context: CelContext,
  missing: string | undefined,
  inspectionFailure?: string
): RuleResult | undefined {
  if (inspectionFailure) return notEvaluated(rule, target, inspectionFailure);
  try {
    if (rule.appliesProgram && rule.appliesProgram(context) !== true) return undefined;
  } catch (error) {
    // Not knowing whether a rule applies is not knowing its result: never evaluate it anyway.
    return failed(rule, target, missing, error);
  }
  if (missing) return notEvaluated(rule, target, missing);
  let fired: unknown;
  try {
    computeVars(rule, context);
    fired = rule.program(context);
  } catch (error) {
    return failed(rule, target, missing, error);
  }
  if (typeof fired !== 'boolean') {
    return notEvaluated(rule, target, `rule error: condition returned ${formatValue(fired)}, not a boolean`, true);
  }
  const subject = rule.subjectTemplate?.(context);
  if (!fired) {
    const passed = result(rule, target, 'passed', '');
    if (subject) passed.subject = subject;
    return passed;
  }

  let severity = rule.severity;
  for (const escalation of rule.escalations) {
    try {
      if (escalation.program(context) === true) severity = escalation.severity;
    } catch {
      // An escalation that cannot be computed leaves the base severity.
    }
  }
  const evidence: Record<string, unknown> = {};
  for (const [name, program] of rule.evidencePrograms) {
    try {
      evidence[name] = toJson(program(context));
    } catch {
      // Evidence is best effort: the finding stands without it.
    }
  }
  const fires = result(rule, target, 'fired', rule.template(context), severity, evidence);
  if (subject) fires.subject = subject;
  return fires;
}

export function evaluateCatalog(catalog: Catalog, input: EvaluationInput): RuleResult[] {
  const builder = new ContextBuilder(input.fleet, input.labels ?? {}, catalog.data, input.previous);
  const byAddress = new Map(input.fleet.nodes.map((n) => [n.address, n]));
  const results: RuleResult[] = [];
  const scopes = new RuleScopes();
  // A master's rules may read its replicas' facts (replicas[]), inspections included.
  const replicasByMaster = new Map<string, NodeSnapshot[]>();
  for (const g of input.fleet.groups) {
    if (!g.master) continue;
    const replicas = g.replicas.flatMap((a) => byAddress.get(a) ?? []);
    replicasByMaster.set(g.master, [...(replicasByMaster.get(g.master) ?? []), ...replicas]);
  }
  const replicasOf = (address: string) => replicasByMaster.get(address) ?? [];
  for (const rule of catalog.rules) {
    const params = toCel(rule.params) as CelContext;
    const needs = ruleNeeds(rule);
    if (rule.scope === 'topology' || rule.scope === 'cluster') {
      for (const group of input.fleet.groups) {
        if (!groupInScope(rule.scope, group)) continue;
        const context = scopes.enter(builder.forGroup(group), params);
        const members = [group.master, ...group.replicas, ...group.members].flatMap(
          (a) => (a && byAddress.get(a)) || []
        );
        const result = evaluateRule(
          rule,
          group.id,
          context,
          missingData(needs, undefined, context, members),
          failedInspection(needs, members)
        );
        if (result) results.push(result);
      }
      continue;
    }
    for (const node of input.fleet.nodes) {
      if (!nodeInScope(rule.scope, node)) continue;
      const context = scopes.enter(builder.forNode(node), params);
      const result = evaluateRule(
        rule,
        node.address,
        context,
        missingData(needs, node, context, []),
        needs.inspects.length > 0
          ? failedInspection(needs, [node, ...(rule.scope === 'master' ? replicasOf(node.address) : [])])
          : undefined
      );
      if (result) results.push(result);
    }
  }
  return results;
}
