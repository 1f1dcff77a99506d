export { connectEngine, type EngineTls } from "./connect-engine.js";
export { EngineTlsError, type EngineTlsProblem } from "./engine-tls-error.js";
export { engineIdentity } from "./engine-identity.js";
export { pingEngine } from "./ping-engine.js";
export { inspectContainer, networkExists, type ContainerEndpoint, type ContainerSnapshot, type EndpointAddress } from "./inspect-container.js";
export { listRunningContainers, type RunningContainer } from "./list-running-containers.js";
export { followContainerEvents, type ContainerEvent, type ContainerEventKind, type FollowOptions } from "./follow-container-events.js";
export { eventTimeToSince, startedAtToNano } from "./event-time.js";
