// Compiles C# with the .NET SDK the way the proxy's .NET Framework csc.exe would: target net48 (reference
// assemblies from the Microsoft.NETFramework.ReferenceAssemblies NuGet package, so no Windows is needed), C# 5
// (what the Framework's own csc.exe understands), System.ServiceProcess referenced, warnings are errors. The
// project folder is kept between runs under the OS temp folder so NuGet's restore is done once.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REFERENCE_ASSEMBLIES_VERSION = '1.0.3';

function csproj(assemblyName: string): string {
  return `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net48</TargetFramework>
    <OutputType>Exe</OutputType>
    <AssemblyName>${assemblyName}</AssemblyName>
    <LangVersion>5</LangVersion>
    <Nullable>disable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <Optimize>true</Optimize>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <GenerateAssemblyInfo>false</GenerateAssemblyInfo>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.NETFramework.ReferenceAssemblies" Version="${REFERENCE_ASSEMBLIES_VERSION}" PrivateAssets="all" />
    <Reference Include="System.ServiceProcess" />
    <Compile Include="Program.cs" />
  </ItemGroup>
</Project>
`;
}

export interface BuildResult {
  ok: boolean;
  /** "file(line,col): error CSxxxx: text" lines */
  errors: string[];
  output: string;
  ms: number;
}

/** Writes `source` as Program.cs into the kept project folder `name` and runs `dotnet build` there. */
export function buildNet48(dotnet: string, name: string, source: string, timeoutMs = 120_000): Promise<BuildResult> {
  const dir = join(tmpdir(), 'ferry-dotnet-build', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.csproj`), csproj(name));
  writeFileSync(join(dir, 'Program.cs'), source);
  const started = Date.now();
  const args = ['build', dir, '-nologo', '-v:q', '-c', 'Release', '-nodeReuse:false', '-p:UseSharedCompilation=false', '-clp:NoSummary'];
  const env = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1', MSBUILDDISABLENODEREUSE: '1' };
  return new Promise((resolve) => {
    execFile(dotnet, args, { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      const errors = [...new Set(output.split(/\r?\n/).filter((l) => /\b(error|warning) [A-Z]+\d+:/.test(l)).map((l) => l.trim().replace(/\s+\[[^\]]+\.csproj\]$/, '')))];
      resolve({ ok: !error, errors, output, ms: Date.now() - started });
    });
  });
}
