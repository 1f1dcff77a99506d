import type Docker from "dockerode";
import type { Cleanup } from "./cleanup.js";

export interface NetworkSpec {
  name: string;
  driver: "bridge" | "macvlan";
  subnet: string;
  gateway: string;
  parent?: string;
  /** An IPv6 subnet besides the IPv4 one. */
  ipv6?: { subnet: string; gateway: string };
}

export async function createNetwork(docker: Docker, cleanup: Cleanup, spec: NetworkSpec): Promise<string> {
  await docker.createNetwork({
    Name: spec.name,
    Driver: spec.driver,
    CheckDuplicate: true,
    EnableIPv6: spec.ipv6 !== undefined,
    IPAM: {
      Config: [
        { Subnet: spec.subnet, Gateway: spec.gateway },
        ...(spec.ipv6 === undefined ? [] : [{ Subnet: spec.ipv6.subnet, Gateway: spec.ipv6.gateway }]),
      ],
    },
    Options: spec.parent === undefined ? {} : { parent: spec.parent },
    Labels: { "dehandler-test": "true" },
  });
  // Engine 20.10 can keep a stale endpoint count (moby#42119): a network that will not go is
  // not worth failing a test over; its name is unique to this run anyway.
  cleanup.defer(`network ${spec.name}`, () =>
    docker
      .getNetwork(spec.name)
      .remove()
      .catch(() => undefined),
  );
  return spec.name;
}

export interface ContainerSpec {
  name: string;
  image: string;
  labels: Record<string, string>;
  /** In order: the first is eth0, the next eth1, and so on. Empty: network "none". */
  networks?: { name: string; ip?: string; ip6?: string }[];
  restart?: "always";
}

export interface StartedContainer {
  id: string;
  name: string;
  pid: number;
  startedAt: string;
}

/** What the engine is asked to create for `spec`: a sleeping container on its first network only (the others are connected after). */
export function sleepingContainerOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  const [first] = spec.networks ?? [];
  return {
    name: spec.name,
    Image: spec.image,
    Cmd: ["sleep", "3600"],
    Labels: spec.labels,
    StopSignal: "SIGKILL",
    HostConfig: { NetworkMode: first?.name ?? "none", ...(spec.restart === undefined ? {} : { RestartPolicy: { Name: spec.restart } }) },
    NetworkingConfig: first === undefined ? {} : { EndpointsConfig: { [first.name]: endpointConfig(first) } },
  };
}

/** Creates a container (sleeping) and registers its removal; `start` is separate for bursts. */
export async function createContainer(docker: Docker, cleanup: Cleanup, spec: ContainerSpec): Promise<Docker.Container> {
  const [, ...rest] = spec.networks ?? [];
  const container = await docker.createContainer(sleepingContainerOptions(spec));
  cleanup.defer(`container ${spec.name}`, () => container.remove({ force: true }).catch(() => undefined));
  for (const network of rest) {
    await docker.getNetwork(network.name).connect({
      Container: container.id,
      EndpointConfig: endpointConfig(network),
    });
  }
  return container;
}

function endpointConfig(network: { ip?: string; ip6?: string }): Docker.EndpointSettings {
  if (network.ip === undefined && network.ip6 === undefined) return {};
  return {
    IPAMConfig: {
      ...(network.ip === undefined ? {} : { IPv4Address: network.ip }),
      ...(network.ip6 === undefined ? {} : { IPv6Address: network.ip6 }),
    },
  };
}

export async function startContainer(container: Docker.Container): Promise<StartedContainer> {
  await container.start();
  return describeContainer(container);
}

export async function describeContainer(container: Docker.Container): Promise<StartedContainer> {
  const info = await container.inspect();
  return { id: info.Id, name: info.Name.replace(/^\//, ""), pid: info.State.Pid, startedAt: info.State.StartedAt };
}

/** Creates and starts `count` containers, a few at a time (the engine starts ~7 a second here). */
export async function startMany(
  docker: Docker,
  cleanup: Cleanup,
  count: number,
  spec: (index: number) => ContainerSpec,
  parallel = 8,
): Promise<StartedContainer[]> {
  const started: StartedContainer[] = new Array<StartedContainer>(count);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let index = next++; index < count; index = next++) {
      started[index] = await startContainer(await createContainer(docker, cleanup, spec(index)));
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, lane));
  return started;
}
