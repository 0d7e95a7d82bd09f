using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Coffer.Bench.Micro;

/// <summary>
/// Jobs for benchmarks on the real stores. In process (see Program.cs), with a longer time limit than the toolchain's
/// default 5 minutes, which their setups can exceed. Mutators, so that they rewrite the job that Program.cs's
/// --inProcess (and any --job) adds instead of running beside it: a second job would mean as many more setups.
/// </summary>
internal static class InProcessConfigs
{
    private static Job InProcess { get; } = Job.Default
        .WithLaunchCount(1)
        .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true));

    /// <summary>
    /// One invocation per iteration, no pilot stage and no overhead runs, one warmup and five iterations: for
    /// operations that take seconds, or that need a setup of their own every time.
    /// </summary>
    public sealed class Monitoring : ManualConfig
    {
        public Monitoring() => AddJob(
            InProcess.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(1).WithIterationCount(5).AsMutator());
    }

    /// <summary>The usual pilot and iterations, but few of them: for calls of milliseconds behind a long setup.</summary>
    public sealed class FewIterations : ManualConfig
    {
        public FewIterations() => AddJob(InProcess.WithWarmupCount(3).WithIterationCount(10).AsMutator());
    }
}
