// Loaded with `node --import`: writes the process's peak RSS (KiB) to the file
// named by FLOWECS_RSS_FILE when it exits, worker threads included. On Linux
// it reads VmHWM, the peak of this program's memory: getrusage's maxRSS keeps
// the peak from before exec, so a child of a large process (the bench, after
// building a dataset in memory) would report its parent's size.
import { readFileSync, writeFileSync } from 'node:fs';

function peakKilobytes() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match !== null) return Number(match[1]);
  } catch {
    // Not Linux: getrusage.
  }
  return process.resourceUsage().maxRSS;
}

// Also the process's CPU time (user + system, all threads), in microseconds, on a second line.
const target = process.env.FLOWECS_RSS_FILE;
if (target) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    writeFileSync(target, `${peakKilobytes()}\n${cpu.user + cpu.system}`);
  });
}
