/**
 * ARM's server parameters as a PostgreSQL configuration file (`azure-parameters.conf`, included
 * last by postgresql.conf): the engine starts with them and a reload applies changed dynamic
 * ones. Only parameters this postgres knows are written — an unknown name (Azure-only ones such
 * as require_secure_transport) would stop it from starting — and values are adjusted only where
 * this machine cannot take ARM's (logged).
 */
import { existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { OsUser } from "../engine-process";
import { parametersKnownTo, type PostgresBinaries } from "./binaries";
import { literal, type ServerParameters } from "./engine";
import { giveTo } from "./os-user";

/** Parameters the data plane sets itself (address, socket, TLS, hba) or that mean nothing locally. */
const MANAGED = new Set(["listen_addresses", "port", "unix_socket_directories", "hba_file", "ssl", "ssl_cert_file", "ssl_key_file", "ssl_ca_file", "data_directory", "config_file"]);

export interface ParametersFileInput {
  file: string;
  parameters: ServerParameters;
  binaries: PostgresBinaries;
  user: OsUser | undefined;
  log: (line: string) => void;
}

/** Writes the file (owner-only, for the cluster user); returns the names left out. */
export function writeParametersFile(input: ParametersFileInput): string[] {
  const known = parametersKnownTo(input.binaries, input.user);
  const lines: string[] = [];
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(input.parameters).sort(([a], [b]) => a.localeCompare(b))) {
    if (MANAGED.has(name) || !known.has(name.toLowerCase())) {
      ignored.push(name);
      continue;
    }
    lines.push(`${name} = ${literal(localValue(name, value, input))}`);
  }
  writeFileSync(input.file, `${lines.join("\n")}\n`);
  giveTo(input.user, input.file, 0o600);
  return ignored;
}

/**
 * ARM's value, except libraries this build lacks (postgres would not start) and a shared_buffers
 * (8 kB pages) beyond a quarter of this machine's memory, which could not even be mapped for the
 * biggest SKUs (D64: 32 GB).
 */
function localValue(name: string, value: string, input: ParametersFileInput): string {
  if (name === "shared_preload_libraries") {
    const kept = value.split(",").map((l) => l.trim()).filter((l) => l && existsSync(path.join(input.binaries.libDir, `${l}.so`)));
    if (kept.join(",") !== value) input.log(`shared_preload_libraries '${value}': only '${kept.join(",")}' is installed here`);
    return kept.join(",");
  }
  if (name === "shared_buffers" && /^\d+$/.test(value)) {
    const cap = Math.floor(os.totalmem() / 4 / 8192);
    if (Number(value) > cap) {
      input.log(`shared_buffers ${value} (8 kB pages) is more than a quarter of this machine's memory; using ${cap}`);
      return String(cap);
    }
  }
  return value;
}
