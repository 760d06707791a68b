import { readFileSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { NetworkInterfacesError, readNetworkInterfaces, type NetworkInterface } from '@flowecs/parser';

/**
 * Reads describe-network-interfaces JSON files (one per account and region,
 * say) into one map of interfaces by id, for the `enrich.interfaces`
 * option. Throws NetworkInterfacesError naming the file: `-unreadable` for
 * one that is missing or not a regular file (a FIFO or a device would never
 * end), `-invalid` for one that is not that JSON.
 */
export function readNetworkInterfacesFiles(paths: readonly string[]): Map<string, NetworkInterface> {
  const interfaces = new Map<string, NetworkInterface>();
  for (const path of paths) {
    let bytes: Buffer;
    try {
      if (!statSync(path).isFile()) throw new Error('not a regular file');
      bytes = readFileSync(path);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 300);
      throw new NetworkInterfacesError(path, `cannot be read: ${reason}.`, 'network-interfaces-unreadable', error);
    }
    if (!isUtf8(bytes)) throw new NetworkInterfacesError(path, 'not UTF-8 text');
    // Node's decoder is several times faster than a TextDecoder on a large file.
    readNetworkInterfaces(bytes.toString('utf8'), path, interfaces);
  }
  return interfaces;
}
