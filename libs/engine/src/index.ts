export { connectEngine, type EngineTls } from "./connect-engine.js";
export { engineIdentity } from "./engine-identity.js";
export { inspectContainer, type ContainerSnapshot } from "./inspect-container.js";
export { listRunningContainers } from "./list-running-containers.js";
export { followContainerStarts, type ContainerStartEvent, type FollowOptions } from "./follow-container-starts.js";
export { eventTimeToSince, startedAtToNano } from "./event-time.js";
