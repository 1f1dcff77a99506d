import { closeSync, fstatSync, openSync, statfsSync } from "node:fs";
import { NetnsGoneError } from "./errors/netns-gone-error.js";
import { NetnsHandleClosedError } from "./errors/netns-handle-closed-error.js";

// statfs f_type of the kernel's namespace filesystem; an unmounted leftover name is a plain file.
const NSFS_MAGIC = 0x6e736673;
const GONE_ERRNOS = new Set(["ENOENT", "ESRCH"]);

// Namespace files live in /proc and nsfs: opening and checking them never waits on a disk, so it
// is done synchronously (a trip through the thread pool would only add delay on a busy machine).

/**
 * An open fd on a network namespace file. While it is open the namespace cannot disappear, and
 * commands run through it reach exactly this namespace even if its name or pid is reused meanwhile.
 */
export class NetnsHandle {
  readonly path: string;
  readonly #fd: number;
  readonly #dev: bigint;
  readonly #ino: bigint;
  #closing: Promise<void> | undefined;

  private constructor(path: string, fd: number, dev: bigint, ino: bigint) {
    this.path = path;
    this.#fd = fd;
    this.#dev = dev;
    this.#ino = ino;
  }

  /** Opens a namespace file such as a Docker SandboxKey or /run/netns/<name>. */
  static open(path: string): Promise<NetnsHandle> {
    return Promise.resolve().then(() => NetnsHandle.#openNow(path));
  }

  static #openNow(path: string): NetnsHandle {
    let fd: number;
    try {
      fd = openSync(path, "r");
    } catch (error) {
      if (isGoneErrno(error)) throw new NetnsGoneError(path, error.code, { cause: error });
      throw error;
    }
    try {
      // Through /proc/self/fd so that the check is about the file we hold, not whatever the path names now.
      const filesystem = statfsSync(`/proc/self/fd/${fd}`);
      if (filesystem.type !== NSFS_MAGIC) {
        throw new NetnsGoneError(path, `expected a namespace file (nsfs), got a file on filesystem 0x${filesystem.type.toString(16)}`);
      }
      const stats = fstatSync(fd, { bigint: true });
      return new NetnsHandle(path, fd, stats.dev, stats.ino);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** The network namespace of a running process (works across mount namespaces, unlike SandboxKey). */
  static async forPid(pid: number): Promise<NetnsHandle> {
    if (!Number.isSafeInteger(pid) || pid <= 0) {
      throw new RangeError(`expected a positive integer pid, got ${pid}`);
    }
    return await NetnsHandle.open(`/proc/${pid}/ns/net`);
  }

  /** The namespace this process runs in: the host's, for the worker. */
  static async current(): Promise<NetnsHandle> {
    return await NetnsHandle.open("/proc/self/ns/net");
  }

  /** Throws once the handle is closed, because the number may already name another open file. */
  get fd(): number {
    if (this.#closing) throw new NetnsHandleClosedError(this.path);
    return this.#fd;
  }

  /** Same device and inode on nsfs means the same namespace, whatever paths were used to open them. */
  sameAs(other: NetnsHandle): boolean {
    return this.#dev === other.#dev && this.#ino === other.#ino;
  }

  close(): Promise<void> {
    this.#closing ??= Promise.resolve().then(() => closeSync(this.#fd));
    return this.#closing;
  }
}

function isGoneErrno(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && GONE_ERRNOS.has((error as NodeJS.ErrnoException).code ?? "");
}
