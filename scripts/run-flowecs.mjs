// `pnpm flowecs …`: the built CLI, run from where the command was typed.
// pnpm runs scripts at the repository root and records the caller's folder
// in INIT_CWD; without this, relative paths would resolve from the root.
import { run } from '../apps/cli/dist/cli.js';

if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
run();
