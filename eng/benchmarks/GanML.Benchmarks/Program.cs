using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;
using static TorchSharp.torch;

namespace GanML.Benchmarks;

/// <summary>
/// Issue 8's benchmarks. Each workload runs through the public API and through a plain TorchSharp loop, interleaved in one
/// process, <c>--runs</c> times; the output is Markdown for docs/BENCHMARKS.md.
/// <code>
/// dotnet run -c Release --project eng/benchmarks/GanML.Benchmarks -- [--runs 3] [--workloads B1,B2,B3,generation]
///     [--quick] [--plain-gc 10] [--threads 1] [--busy-cores 1] [--pytorch pytorch.json] [--out results.md]
///   --busy-cores N: after each workload's runs, time the API again with N other processes each keeping a core busy
/// dotnet run ... -- --memory 20 [--plain]      peak RSS per epoch of B1 for 20 epochs (a process of its own)
/// dotnet run ... -- --write-grid grid.f32       B3's rows for the PyTorch script
/// </code>
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var options = Arguments.Parse(args);
        // GanML's module initializer sets the OpenMP wait policy, which OpenMP reads when TorchSharp loads libtorch: run it
        // first, as in an application whose first use of TorchSharp is through GanML.
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(typeof(GanTrainer).Module.ModuleHandle);
        if (options.Threads is int threads)
        {
            set_num_threads(threads);
        }
        if (options.WriteGrid is { } gridPath)
        {
            BenchmarkData.Grid(Workload.GridRows, Workload.Seed).WriteRaw(gridPath);
            return 0;
        }

        var output = new StringBuilder();
        if (options.MemoryEpochs is int epochs)
        {
            output.Append(Memory(epochs, options.Plain));
        }
        else
        {
            output.Append(Timings(options));
        }

        Console.WriteLine(output);
        if (options.Out is { } path)
        {
            File.WriteAllText(path, output.ToString());
        }

        return 0;
    }

    private static string Timings(Arguments options)
    {
        var mnist = BenchmarkData.Mnist(image: false);
        var images = BenchmarkData.Mnist(image: true);
        var grid = BenchmarkData.Grid(options.Quick ? Workload.GridRows / 10 : Workload.GridRows, Workload.Seed);
        if (options.Quick)
        {
            mnist = mnist.Take(1280);
            images = images.Take(640);
        }

        var workloads = new[] { Workload.B1(mnist), Workload.B2(images), Workload.B3(grid) }
            .Where(w => options.Workloads.Contains(w.Name)).ToArray();
        var pytorch = options.PyTorch is { } file ? JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(file)) : null;

        var text = new StringBuilder();
        text.AppendLine(Summary.Format($"Threads: {get_num_threads()}; runs: {options.Runs}; load average before: {LoadAverage()}"));
        text.AppendLine();
        var variants = options.PlainGcInterval > 0 ? new[] { 0, options.PlainGcInterval } : [0];
        var header = "| Workload | Our API, s | Plain TorchSharp, s | API / plain |" + (variants.Length > 1 ? Summary.Format($" Plain + GC every {options.PlainGcInterval} steps, s | API / that |") : string.Empty)
            + " PyTorch 1.13, s | API / PyTorch | Plain / PyTorch | CPU s: API, plain, PyTorch | CPU: API / plain, API / PyTorch |";
        text.AppendLine(header);
        text.AppendLine(string.Concat(Enumerable.Repeat("|---", header.Count(c => c == '|') - 1)) + "|");
        var details = new StringBuilder();
        foreach (var workload in workloads)
        {
            Warm(workload, variants);
            var api = new List<double>();
            var apiCpu = new List<double>();
            var apiEpoch = new List<double>();
            var plain = variants.ToDictionary(v => v, _ => new List<double>());
            var plainCpu = new List<double>();
            for (var run = 0; run < options.Runs; run++)
            {
                // Alternate the order so that a drifting machine favours neither side.
                var order = run % 2 == 0 ? variants.Prepend(-1) : variants.Append(-1);
                foreach (var variant in order)
                {
                    Settle();
                    if (variant < 0)
                    {
                        var cpu = CpuSeconds();
                        var (seconds, epochSeconds, losses) = TrainThroughApi(workload, workload.Data);
                        apiCpu.Add(CpuSeconds() - cpu);
                        api.Add(seconds);
                        apiEpoch.Add(epochSeconds);
                        Console.Error.WriteLine(Summary.Format($"{workload.Name} run {run + 1} API   {seconds:F2} s (epoch loop {epochSeconds:F2} s, CPU {apiCpu[^1]:F2} s), last epoch D {losses.D:G5} G {losses.G:G5}"));
                    }
                    else
                    {
                        var cpu = CpuSeconds();
                        var (seconds, losses) = TrainPlain(workload, workload.Data, variant);
                        cpu = CpuSeconds() - cpu;
                        if (variant == 0)
                        {
                            plainCpu.Add(cpu);
                        }

                        plain[variant].Add(seconds);
                        Console.Error.WriteLine(Summary.Format($"{workload.Name} run {run + 1} plain{(variant > 0 ? $"+gc{variant}" : string.Empty)} {seconds:F2} s (CPU {cpu:F2} s), last epoch D {losses.D:G5} G {losses.G:G5}"));
                    }
                }
            }

            var apiSummary = Summary.Of(api);
            var plainSummary = Summary.Of(plain[0]);
            var row = new StringBuilder(Summary.Format($"| {workload.Name}: {workload.Description} | {apiSummary.Seconds} | {plainSummary.Seconds} | {Summary.Ratio(apiSummary, plainSummary)} |"));
            if (variants.Length > 1)
            {
                var gc = Summary.Of(plain[variants[1]]);
                row.Append(Summary.Format($" {gc.Seconds} | {Summary.Ratio(apiSummary, gc)} |"));
            }

            var torch = PyTorchTimes(pytorch, workload.Name);
            var torchCpu = PyTorchTimes(pytorch, workload.Name + "_cpu");
            var (apiCpuSummary, plainCpuSummary) = (Summary.Of(apiCpu), Summary.Of(plainCpu));
            row.Append(Summary.Format($" {torch.Seconds} | {Summary.Ratio(apiSummary, torch)} | {Summary.Ratio(plainSummary, torch)} |"));
            row.Append(Summary.Format($" {apiCpuSummary.Median:F2}, {plainCpuSummary.Median:F2}, {torchCpu.Median:F2} | {Summary.Ratio(apiCpuSummary, plainCpuSummary)}, {Summary.Ratio(apiCpuSummary, torchCpu)} |"));
            text.AppendLine(row.ToString());
            // Each run's API and plain times are neighbours in time: their ratio cancels most of the machine's drift.
            var paired = api.Zip(plain[0], (a, p) => a / p).ToArray();
            details.AppendLine(Summary.Format($"- {workload.Name}: API / plain per run {string.Join(", ", paired.Select(r => r.ToString("F3", CultureInfo.InvariantCulture)))} (median {Summary.Of(paired).Median:F3}); fastest API run / fastest plain run {apiSummary.Min / plainSummary.Min:F3}. API epoch loop alone (GanEpochSummary.Elapsed) {Summary.Of(apiEpoch).Seconds} s; the rest of Fit is reading the IDataView, scaling and building the networks."));
            if (pytorch is not null && pytorch.TryGetValue("threads", out var settings) && settings.ValueKind == JsonValueKind.Object &&
                settings.TryGetProperty(workload.Name, out var setting))
            {
                // Its threads and OpenBLAS's oversubscribe the cores when both are above one: run.sh keeps the faster of two settings.
                details.AppendLine(Summary.Format($"- {workload.Name}: PyTorch's time is its faster thread setting, {setting.GetString()}; the other took {PyTorchTimes(pytorch, workload.Name + "_other").Seconds} s."));
            }

            Console.Error.WriteLine(row);
            if (options.BusyCores > 0)
            {
                details.AppendLine(BusyCoreRow(workload, options, apiSummary));
            }
        }

        text.AppendLine();
        text.Append(details);
        if (options.Workloads.Contains("generation"))
        {
            text.AppendLine();
            text.Append(Generation(mnist, options.Runs));
        }

        text.AppendLine();
        text.AppendLine(Summary.Format($"Load average after: {LoadAverage()}"));
        return text.ToString();
    }

    // The API's time while other processes keep cores busy (a shared server or CI box), against its idle time above.
    private static string BusyCoreRow(Workload workload, Arguments options, Summary idle)
    {
        var busy = new List<double>();
        using (BusyCores.Start(options.BusyCores))
        {
            for (var run = 0; run < options.Runs; run++)
            {
                var (seconds, _, _) = TrainThroughApi(workload, workload.Data);
                busy.Add(seconds);
                Console.Error.WriteLine(Summary.Format($"{workload.Name} run {run + 1} API with {options.BusyCores} core(s) busy {seconds:F2} s"));
            }
        }

        var summary = Summary.Of(busy);
        return Summary.Format($"- {workload.Name} with {options.BusyCores} of {Environment.ProcessorCount} cores kept busy by another process: API {summary.Seconds} s, {summary.Median / idle.Median:F2}× its idle median (OpenMP: OMP_WAIT_POLICY {Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "unset"}, GOMP_SPINCOUNT {Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") ?? "unset"}).");
    }

    private static Summary PyTorchTimes(Dictionary<string, JsonElement>? pytorch, string key) =>
        pytorch is not null && pytorch.TryGetValue(key, out var times)
            ? Summary.Of(times.EnumerateArray().Select(t => t.GetDouble()).ToArray())
            : Summary.Of([]);

    // CPU time of every thread of the process (GC and finalizer included): much less sensitive than wall time to other
    // processes on the machine, and with one torch thread it carries no spin-waiting.
    private static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static (double Seconds, double EpochSeconds, (double D, double G) Losses) TrainThroughApi(Workload workload, BenchmarkData data)
    {
        var mlContext = new MLContext(seed: 1);
        var view = data.ToDataView(mlContext);
        var clock = Stopwatch.StartNew();
        using var model = mlContext.Gan().Trainer(workload.Options).Fit(view);
        var seconds = clock.Elapsed.TotalSeconds;
        var last = model.TrainingHistory[^1];
        return (seconds, model.TrainingHistory.Sum(e => e.Elapsed.TotalSeconds), (last.DiscriminatorLoss, last.GeneratorLoss));
    }

    private static (double Seconds, (double D, double G) Losses) TrainPlain(Workload workload, BenchmarkData data, int gcInterval)
    {
        var clock = Stopwatch.StartNew();
        using var plain = new PlainTorchSharpGan(workload.Plain with { }, data.Scaled, data.Dimension, gcInterval);
        var losses = plain.Train();
        return (clock.Elapsed.TotalSeconds, losses);
    }

    // Both paths once on a few batches: JIT, libtorch's first allocations and kernels, ML.NET's first cursors.
    private static void Warm(Workload workload, int[] variants)
    {
        var few = workload.Data.Take(workload.Options.BatchSize * (workload.Options.CriticSteps ?? 1) * 2);
        TrainThroughApi(workload, few);
        foreach (var variant in variants)
        {
            TrainPlain(workload, few, variant);
        }
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    // Each side holds what it needs and no more: the API reads the bundled files through BundledMnist's streaming view
    // (no copy in the harness), the plain loop keeps the scaled rows it trains on.
    private static string Memory(int epochs, bool plain)
    {
        var probe = new EpochProbe();
        var before = ProcessMemory.Read();
        if (plain)
        {
            var mnist = BenchmarkData.Mnist(image: false);
            using var loop = new PlainTorchSharpGan(Workload.B1(mnist, epochs).Plain, mnist.Scaled, mnist.Dimension);
            var clock = Stopwatch.StartNew();
            loop.Train(epoch =>
            {
                var (rss, peak) = ProcessMemory.Read();
                probe.Epochs.Add((epoch, rss, peak, clock.Elapsed.TotalSeconds));
                clock.Restart();
            });
        }
        else
        {
            var mlContext = new MLContext(seed: 1);
            var options = Workload.B1Options(epochs);
            options.Progress = probe;
            using var model = mlContext.Gan().Trainer(options).Fit(Microsoft.ML.Gan.Samples.Data.BundledMnist.Load());
        }

        var text = new StringBuilder();
        text.AppendLine(Summary.Format($"B1 × {epochs} epochs, {(plain ? "plain TorchSharp loop" : "public API")}: RSS {before.RssMiB:F0} MiB before training"));
        text.AppendLine();
        text.AppendLine("| Epoch | RSS, MiB | Peak RSS (VmHWM), MiB | Epoch, s |");
        text.AppendLine("|---|---|---|---|");
        foreach (var (epoch, rss, peak, seconds) in probe.Epochs)
        {
            text.AppendLine(Summary.Format($"| {epoch} | {rss:F0} | {peak:F0} | {seconds:F2} |"));
        }

        text.AppendLine();
        text.AppendLine(Summary.Format($"Finalizable objects pending now: {GC.GetGCMemoryInfo().FinalizationPendingCount}; GC collections gen0/1/2: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}; managed bytes allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MiB, managed heap {GC.GetTotalMemory(false) / 1048576.0:F0} MiB"));
        return text.ToString();
    }

    private static string Generation(BenchmarkData mnist, int runs)
    {
        const int TransformRows = 100_000;
        const int EngineRows = 10_000;
        var mlContext = new MLContext(seed: 1);
        using var model = mlContext.Gan().Trainer(Workload.B1(mnist.Take(640)).Options).Fit(mnist.Take(640).ToDataView(mlContext));
        var inputs = mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, TransformRows).Select(i => new IdRow { Id = i }));
        var transform = new List<double>();
        var engine = new List<double>();
        var generate = new List<double>();
        var plain = new List<double>();
        var predictionEngine = mlContext.Model.CreatePredictionEngine<IdRow, GeneratedRow>(model);
        var input = new IdRow();
        var output = new GeneratedRow();
        for (var run = 0; run <= runs; run++)
        {
            var seconds = Time(() => Drain(model.Transform(inputs), "Generated"));
            var engineSeconds = Time(() =>
            {
                for (var i = 0; i < EngineRows; i++)
                {
                    input.Id = i;
                    predictionEngine.Predict(input, ref output);
                }
            });
            var generateSeconds = Time(() => Drain(model.Generate(TransformRows, seed: run), "Features"));
            var plainSeconds = Time(() => PlainGeneration(TransformRows));
            if (run > 0)
            {
                // Run 0 warms up.
                transform.Add(TransformRows / seconds);
                engine.Add(EngineRows / engineSeconds);
                generate.Add(TransformRows / generateSeconds);
                plain.Add(TransformRows / plainSeconds);
            }
        }

        var text = new StringBuilder();
        text.AppendLine("| Generation, B1 generator (64 → 784) | rows/s, median (min–max) |");
        text.AppendLine("|---|---|");
        text.AppendLine(Summary.Format($"| `Transform` of {TransformRows:N0} rows, reading the Generated column | {Rate(transform)} |"));
        text.AppendLine(Summary.Format($"| `Generate({TransformRows:N0}, seed)`, reading every row | {Rate(generate)} |"));
        text.AppendLine(Summary.Format($"| `PredictionEngine.Predict`, {EngineRows:N0} calls | {Rate(engine)} |"));
        text.AppendLine(Summary.Format($"| Plain TorchSharp: same-size generator, inference mode, blocks of 256 rows copied out | {Rate(plain)} |"));
        return text.ToString();
    }

    private static void PlainGeneration(int rows)
    {
        using var generator = nn.Sequential(("a", nn.Linear(64, 256)), ("b", nn.LeakyReLU(0.2)), ("c", nn.Linear(256, 512)),
            ("d", nn.LeakyReLU(0.2)), ("e", nn.Linear(512, 784)), ("f", nn.Tanh()));
        generator.eval();
        var buffer = new float[256 * 784];
        for (var done = 0; done < rows; done += 256)
        {
            using var scope = NewDisposeScope();
            using var inference = inference_mode();
            var block = generator.forward(randn(256, 64));
            // Through a span over the tensor's memory: TensorAccessor.CopyTo steps through an index enumerator.
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(block.bytes).CopyTo(buffer);
        }
    }

    private static void Drain(IDataView view, string column)
    {
        var generated = view.Schema[column];
        using var cursor = view.GetRowCursor([generated]);
        var getter = cursor.GetGetter<VBuffer<float>>(generated);
        var value = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            getter(ref value);
        }
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    private static string Rate(List<double> rates)
    {
        var summary = Summary.Of(rates);
        return Summary.Format($"{summary.Median:N0} ({summary.Min:N0}–{summary.Max:N0})");
    }
}
