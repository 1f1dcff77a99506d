import { describe, expect, it } from "vitest";
import { WorkerDiedError } from "../src/errors/worker-died-error.js";

// The job's log holds every take of its life (earlier attempts, earlier retries): the workers
// named are those of the last run, the `deaths` before the take that gives up.
describe("WorkerDiedError names the workers that died in the last run", () => {
  it.each([
    { takers: ["A", "B", "C"], deaths: 2, died: "A; B", kept: ["A", "B", "C"] },
    { takers: ["old", "A", "B", "C"], deaths: 2, died: "A; B", kept: ["A", "B", "C"] },
    { takers: ["x", "y", "old", "A", "B", "C"], deaths: 2, died: "A; B", kept: ["A", "B", "C"] },
    { takers: ["B", "C"], deaths: 2, died: "B", kept: ["B", "C"] },
    { takers: [], deaths: 2, died: "workers not recorded", kept: [] },
  ])("$takers, $deaths deaths → $died", ({ takers, deaths, died, kept }) => {
    const error = new WorkerDiedError(deaths, takers);
    expect(error.message).toBe(
      `the worker running this job died ${deaths} times before finishing it (${died}); not tried again: find out why (a start script or command that kills the worker, a host that fails), then \`dehandler dlq retry\``,
    );
    expect(error.takers).toEqual(kept);
    expect(error.permanent).toBe(true);
  });
});
