// Loaded with `node --import`: writes the process's peak RSS (KiB) to the file
// named by FLOWECS_RSS_FILE when it exits, worker threads included.
import { writeFileSync } from 'node:fs';

const target = process.env.FLOWECS_RSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
