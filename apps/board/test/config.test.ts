import { describe, expect, it } from "vitest";
import { loadBoardConfig } from "../src/config.js";

describe("loadBoardConfig", () => {
  it.each([
    [{}, "127.0.0.1", 3000],
    [{ DEHANDLER_BOARD_HOST: "localhost", DEHANDLER_BOARD_PORT: "0" }, "localhost", 0],
    [{ DEHANDLER_BOARD_HOST: "0.0.0.0", DEHANDLER_BOARD_USER: "ops", DEHANDLER_BOARD_PASSWORD: "pw" }, "0.0.0.0", 3000],
  ])("accepts %j", (env, host, port) => {
    expect(loadBoardConfig(env)).toMatchObject({ DEHANDLER_BOARD_HOST: host, DEHANDLER_BOARD_PORT: port });
  });

  it.each([
    [{ DEHANDLER_BOARD_HOST: "0.0.0.0" }, /^DEHANDLER_BOARD_HOST: expected 127\.0\.0\.1, ::1 or localhost unless/],
    [
      { DEHANDLER_BOARD_HOST: "::", DEHANDLER_BOARD_PASSWORD: "pw" },
      /^DEHANDLER_BOARD_USER: expected to be set together with DEHANDLER_BOARD_PASSWORD, it is unset$/,
    ],
    [{ DEHANDLER_BOARD_USER: "a:b", DEHANDLER_BOARD_PASSWORD: "pw" }, /^DEHANDLER_BOARD_USER: expected a user name without ':'/],
    [{ DEHANDLER_BOARD_PORT: "70000" }, /^DEHANDLER_BOARD_PORT: expected a port from 0 to 65535/],
  ])("refuses %j", (env, message) => {
    expect(() => loadBoardConfig(env)).toThrow(message);
  });
});
