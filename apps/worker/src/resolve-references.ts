import { networkExists, type ContainerSnapshot } from "@dehandler/engine";
import { resolvePlan, unknownNetworkError, type PlannedCommand } from "@dehandler/labels";
import { listLinks, type NetnsHandle, type ProcessRunner } from "@dehandler/netns";
import type { Logger } from "@dehandler/service";
import type Docker from "dockerode";
import { containerNetworks, engineNamesFor } from "./container-networks.js";
import { InvalidLabelsError } from "./errors/invalid-labels-error.js";

export interface ReferenceDeps {
  docker: Docker;
  runner: ProcessRunner;
  commandTimeoutMs: number;
}

export interface ResolvedCommands {
  commands: PlannedCommand[];
  /** Networks the labels name that exist but are not attached yet: their parts run on `docker network connect`. */
  late: string[];
}

/**
 * Resolves `@<network>` references against the container's networks. A network the container is
 * not attached to but the engine knows is a late network: its parts wait for it. One the engine
 * does not know either is a mistake in the label, reported with the networks the container has.
 */
export async function resolveReferences(
  deps: ReferenceDeps,
  commands: readonly PlannedCommand[],
  container: ContainerSnapshot,
  netns: NetnsHandle | undefined,
  logger: Logger,
  /** For a late network's job: parts naming other networks the container lacks are not its business. */
  unknownIsFine = false,
): Promise<ResolvedCommands> {
  const needsInterfaces = commands.some((command) => command.hasReferences);
  const links = needsInterfaces && netns !== undefined ? await listLinks(netns, { runner: deps.runner, timeoutMs: deps.commandTimeoutMs }) : [];
  const networks = containerNetworks(container, links);
  const resolved = resolvePlan(commands, networks);
  const errors = [...resolved.errors];
  const late = new Set<string>();
  const known = new Map<string, string | undefined>();
  for (const use of unknownIsFine ? [] : resolved.unknown) {
    const key = use.candidates.join(" ");
    if (!known.has(key)) known.set(key, await findOnEngine(deps.docker, use.candidates, container));
    const found = known.get(key);
    if (found !== undefined) late.add(found);
    else errors.push(unknownNetworkError(use, networks));
  }
  if (errors.length > 0) throw new InvalidLabelsError(errors);
  if (late.size > 0)
    logger.info({ networks: [...late] }, "labels name networks the container is not attached to yet; their parts run when they are connected");
  return { commands: resolved.commands, late: [...late] };
}

// Networks a container cannot be connected to later: a reference to one is a mistake, not late.
const NEVER_LATE = new Set(["host", "none"]);

/** The first of the names a reference may mean (longest first) that the engine knows, as written. */
async function findOnEngine(docker: Docker, candidates: readonly string[], container: ContainerSnapshot): Promise<string | undefined> {
  for (const written of candidates) {
    if (NEVER_LATE.has(written)) continue;
    for (const name of engineNamesFor(written, container)) if (await networkExists(docker, name)) return written;
  }
  return undefined;
}
