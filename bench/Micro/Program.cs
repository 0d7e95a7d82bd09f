using BenchmarkDotNet.Running;

// BenchmarkDotNet's default toolchain rebuilds the benchmarks from the project named after the assembly, and
// ours differ (Micro.csproj builds Coffer.Bench.Micro), so it could not find it: always run in process instead.
string[] arguments = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? args : [.. args, "--inProcess"];

// Pick benchmarks on the command line, e.g. --filter '*Checksum*' --job short (see README.md).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(arguments);
