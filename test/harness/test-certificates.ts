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

/** A client certificate `name`.crt/.key in `dir`, signed by the CA `ca`.crt/.key there. */
async function makeClientCertificate(dir: string, ca: string, name: string): Promise<ClientCertificate> {
  await writeFile(join(dir, "client.ext"), CLIENT_EXTENSIONS);
  await openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`]);
  await openssl(dir, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${ca}.crt`,
    "-CAkey",
    `${ca}.key`,
    "-CAcreateserial",
    "-out",
    `${name}.crt`,
    "-days",
    "1",
    "-extfile",
    "client.ext",
  ]);
  return { certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) };
}

/**
 * A throwaway CA with a server and a client certificate signed by it, and a second, unrelated CA
 * with a client certificate of its own (what a server trusting the first must refuse), made with
 * openssl in `dir` (valid 1 day).
 */
export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  await openssl(dir, [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "1",
    "-subj",
    "/CN=dehandler test CA",
  ]);
  await openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]);
  await writeFile(
    join(dir, "server.ext"),
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
  );
  await openssl(dir, [
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.crt",
    "-days",
    "1",
    "-extfile",
    "server.ext",
  ]);
  const client = await makeClientCertificate(dir, "ca", "client");
  await openssl(dir, [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "other-ca.key",
    "-out",
    "other-ca.crt",
    "-days",
    "1",
    "-subj",
    "/CN=unrelated test CA",
  ]);
  const otherClient = await makeClientCertificate(dir, "other-ca", "other-client");
  return {
    caFile: join(dir, "ca.crt"),
    certFile: join(dir, "server.crt"),
    keyFile: join(dir, "server.key"),
    client,
    other: { caFile: join(dir, "other-ca.crt"), client: otherClient },
  };
}

/** A folder `dir` laid out as the docker CLI's DOCKER_CERT_PATH: ca.pem, cert.pem, key.pem. */
export async function dockerCertPath(dir: string, files: { caFile: string } & ClientCertificate): Promise<string> {
  await mkdir(dir, { recursive: true });
  await copyFile(files.caFile, join(dir, "ca.pem"));
  await copyFile(files.certFile, join(dir, "cert.pem"));
  await copyFile(files.keyFile, join(dir, "key.pem"));
  return dir;
}
