import type { PlannedCommand } from "@dehandler/labels";
import type { ContainerSnapshot } from "@dehandler/engine";
import { parseIpCommand } from "@dehandler/netns";
import { COMPOSE_PROJECT } from "../container-networks.js";
import type { CidrList } from "./cidr-list.js";
import { routeTargets, ruleSelectors } from "./route-targets.js";

export type HostChangesMode = "allow" | "deny" | "opt-in";

export interface HostPolicy {
  mode: HostChangesMode;
  /** opt-in: a label (`key` or `key=value`) that lets a container change the host. */
  optInLabel: string | undefined;
  /** opt-in: compose projects (com.docker.compose.project) whose containers may. */
  optInProjects: readonly string[];
  /** opt-in: container name patterns (`*` matches anything) that may. */
  optInNames: readonly string[];
  /** When set, host routes may only touch these (destination and gateways), host rules only select from/to these. */
  routeCidrs: CidrList | undefined;
}

export interface PolicyRefusal {
  command: PlannedCommand;
  /** The setting that refused it, with why: shown in the dead-letter queue. */
  rule: string;
}

/** Every host-side part of the plan that the policy refuses; empty when all may run. */
export function checkHostPolicy(policy: HostPolicy, commands: readonly PlannedCommand[], container: ContainerSnapshot): PolicyRefusal[] {
  const hostCommands = commands.filter((command) => command.target === "host");
  if (hostCommands.length === 0) return [];
  const modeRule = refusedByMode(policy, container);
  if (modeRule !== undefined) return hostCommands.map((command) => ({ command, rule: modeRule }));
  if (policy.routeCidrs === undefined) return [];
  const cidrs = policy.routeCidrs;
  return hostCommands.flatMap((command) => {
    const { object, rest } = parseIpCommand(command.argv);
    const problem = object === "rule" ? ruleProblem(rest, cidrs) : routeProblem(rest, cidrs);
    return problem === undefined ? [] : [{ command, rule: `DEHANDLER_HOST_ROUTE_CIDRS: ${problem}` }];
  });
}

function routeProblem(args: readonly string[], cidrs: CidrList): string | undefined {
  const { destination, gateways } = routeTargets(args);
  const outside = [
    ...(destination === undefined || !cidrs.containsPrefix(destination) ? [`destination ${destination ?? "(none)"}`] : []),
    ...gateways.filter((gateway) => !cidrs.containsAddress(gateway)).map((gateway) => `gateway ${gateway}`),
  ];
  return outside.length === 0 ? undefined : `${outside.join(" and ")} outside ${cidrs.toString()}`;
}

/** A host rule is bounded by its selectors: `from` and `to` must be inside, and it needs one. */
function ruleProblem(args: readonly string[], cidrs: CidrList): string | undefined {
  // `not` inverts the whole rule: it would then match everything outside the selectors.
  if (args.includes("not")) return `an inverted rule (not) would match all traffic outside ${cidrs.toString()}`;
  const { selectors } = ruleSelectors(args);
  if (selectors.length === 0) return `a rule without from or to would match all traffic; expected from/to inside ${cidrs.toString()}`;
  const outside = selectors.filter(({ prefix }) => prefix === "all" || !cidrs.containsPrefix(prefix)).map(({ word, prefix }) => `${word} ${prefix}`);
  return outside.length === 0 ? undefined : `${outside.join(" and ")} outside ${cidrs.toString()}`;
}

function refusedByMode(policy: HostPolicy, container: ContainerSnapshot): string | undefined {
  if (policy.mode === "allow") return undefined;
  if (policy.mode === "deny") return "DEHANDLER_HOST_CHANGES=deny: no container may change the host";
  if (optedIn(policy, container)) return undefined;
  const ways = [
    ...(policy.optInLabel === undefined ? [] : [`label ${policy.optInLabel}`]),
    ...(policy.optInProjects.length === 0 ? [] : [`compose project in ${policy.optInProjects.join(", ")}`]),
    ...(policy.optInNames.length === 0 ? [] : [`name matching ${policy.optInNames.join(", ")}`]),
  ];
  return `DEHANDLER_HOST_CHANGES=opt-in: the container has none of ${ways.join("; ")}`;
}

function optedIn(policy: HostPolicy, container: ContainerSnapshot): boolean {
  if (policy.optInLabel !== undefined) {
    const [key = "", value] = splitLabel(policy.optInLabel);
    const actual = container.labels[key];
    if (actual !== undefined && (value === undefined || actual === value)) return true;
  }
  const project = container.labels[COMPOSE_PROJECT];
  if (project !== undefined && policy.optInProjects.includes(project)) return true;
  return policy.optInNames.some((pattern) => globMatches(pattern, container.name));
}

function splitLabel(text: string): [string, string | undefined] {
  const at = text.indexOf("=");
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** `*` matches any run of characters; everything else is literal. */
function globMatches(pattern: string, name: string): boolean {
  const escaped = pattern.split("*").map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`).test(name);
}
