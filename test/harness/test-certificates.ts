import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TestCertificates {
  /** The test CA's certificate: what a client must trust. */
  caFile: string;
  /** The server's certificate, for 127.0.0.1 and localhost, signed by the test CA. */
  certFile: string;
  keyFile: string;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  await run("/usr/bin/openssl", args, { cwd: dir });
}

/** A throwaway CA and a server certificate signed by it, made with openssl in `dir` (valid 1 day). */
export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  await openssl(dir, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=dehandler test CA"]);
  await openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]);
  await writeFile(join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
  await openssl(dir, ["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "1", "-extfile", "server.ext"]);
  return { caFile: join(dir, "ca.crt"), certFile: join(dir, "server.crt"), keyFile: join(dir, "server.key") };
}
