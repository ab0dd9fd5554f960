// Finds the external tools the PowerShell tests need: pwsh (PowerShell 7, whose parser and runtime check Ferry's
// Windows scripts) and dotnet (compiles the agent's C# service host). Outside CI a missing tool skips those tests
// with a message saying how to install it; in CI (`CI` set) a missing tool fails them, so CI cannot go green by
// silently running nothing.
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export type ToolName = 'pwsh' | 'dotnet';

const INSTALL_HINT: Record<ToolName, string> = {
  pwsh: 'install it with `dotnet tool install --global PowerShell --version 7.6.10` (puts it in ~/.dotnet/tools)',
  dotnet: 'install the .NET SDK (Debian: the dotnet-sdk package from Microsoft\'s feed)',
};

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** PATH first, then ~/.dotnet/tools (where `dotnet tool install --global` puts pwsh) and ~/.dotnet. */
export function findTool(name: ToolName, env: NodeJS.ProcessEnv = process.env, home = homedir()): string | null {
  const exe = process.platform === 'win32' ? `${name}.exe` : name;
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  dirs.push(join(home, '.dotnet', 'tools'), join(home, '.dotnet'));
  for (const dir of dirs) {
    const file = join(dir, exe);
    if (executable(file)) return file;
  }
  return null;
}

export interface ToolForTests {
  path: string | null;
  /** describe/it title suffix when skipped */
  skipReason: string;
}

/**
 * The tool's path, or null outside CI (tests skip, with a warning printed once). In CI a missing tool throws:
 * the test file fails instead of skipping.
 */
export function toolForTests(name: ToolName, env: NodeJS.ProcessEnv = process.env, home = homedir()): ToolForTests {
  const path = findTool(name, env, home);
  const skipReason = `${name} not found on PATH or in ~/.dotnet/tools: ${INSTALL_HINT[name]}`;
  if (path) return { path, skipReason: '' };
  if (env.CI) throw new Error(`CI is set but ${skipReason}`);
  console.warn(`skipping the ${name} tests: ${skipReason}`);
  return { path: null, skipReason };
}
