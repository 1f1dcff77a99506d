import { execFile } from "node:child_process";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface ClientCertificate {
  certFile: string;
  keyFile: string;
}

export interface TestCertificates {
  /** The test CA's certificate: what a client must trust. */
  caFile: string;
  /** The server's certificate, for 127.0.0.1 and localhost, signed by the test CA. */
  certFile: string;
  keyFile: string;
  /** A client certificate (extendedKeyUsage clientAuth) signed by the test CA. */
  client: ClientCertificate;
  /** A second CA of its own, unrelated to the first, and a client certificate it signed. */
  other: { caFile: string; client: ClientCertificate };
}

async function openssl(dir: string, args: string[]): Promise<void> {
  await run("/usr/bin/openssl", args, { cwd: dir });
}

const CLIENT_EXTENSIONS = "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n";

/** A self-signed CA `name`.crt/.key in `dir`. */
async function makeCa(dir: string, name: string, subject: string): Promise<string> {
  await openssl(dir, [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.crt`,
    "-days",
    "1",
    "-subj",
    subject,
  ]);
  return join(dir, `${name}.crt`);
}

/** A certificate `name`.crt/.key in `dir` with `extensions`, signed by the CA `ca`.crt/.key there. */
async function makeSigned(dir: string, ca: string, name: string, subject: string, extensions: string): Promise<ClientCertificate> {
  await writeFile(join(dir, `${name}.ext`), extensions);
  await openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject]);
  const sign = ["x509", "-req", "-in", `${name}.csr`, "-CA", `${ca}.crt`, "-CAkey", `${ca}.key`, "-CAcreateserial"];
  await openssl(dir, [...sign, "-out", `${name}.crt`, "-days", "1", "-extfile", `${name}.ext`]);
  return { certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) };
}

const SERVER_EXTENSIONS =
  "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n";

/**
 * A throwaway CA with a server and a client certificate signed by it, and a second, unrelated CA
 * with a client certificate of its own (what a server trusting the first must refuse), made with
 * openssl in `dir` (valid 1 day).
 */
export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  const caFile = await makeCa(dir, "ca", "/CN=dehandler test CA");
  const server = await makeSigned(dir, "ca", "server", "/CN=localhost", SERVER_EXTENSIONS);
  const client = await makeSigned(dir, "ca", "client", "/CN=client", CLIENT_EXTENSIONS);
  const otherCaFile = await makeCa(dir, "other-ca", "/CN=unrelated test CA");
  const otherClient = await makeSigned(dir, "other-ca", "other-client", "/CN=other-client", CLIENT_EXTENSIONS);
  return { caFile, certFile: server.certFile, keyFile: server.keyFile, client, other: { caFile: otherCaFile, client: otherClient } };
}

/** A folder `dir` laid out as the docker CLI's DOCKER_CERT_PATH: ca.pem, cert.pem, key.pem. */
export async function dockerCertPath(dir: string, files: { caFile: string } & ClientCertificate): Promise<string> {
  await mkdir(dir, { recursive: true });
  await copyFile(files.caFile, join(dir, "ca.pem"));
  await copyFile(files.certFile, join(dir, "cert.pem"));
  await copyFile(files.keyFile, join(dir, "key.pem"));
  return dir;
}
