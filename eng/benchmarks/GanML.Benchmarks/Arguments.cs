using System;
using System.Collections.Generic;
using System.Globalization;

namespace GanML.Benchmarks;

/// <summary>The command line of the harness (see <see cref="Program"/>).</summary>
internal sealed record Arguments
{
    public int Runs { get; private init; } = 3;

    public HashSet<string> Workloads { get; private init; } = new(["B1", "B2", "B3", "generation"], StringComparer.OrdinalIgnoreCase);

    public bool Quick { get; private init; }

    public int PlainGcInterval { get; private init; }

    public string? PyTorch { get; private init; }

    public string? Out { get; private init; }

    public string? WriteGrid { get; private init; }

    public int? MemoryEpochs { get; private init; }

    public bool Plain { get; private init; }

    public int? Threads { get; private init; }

    public int BusyCores { get; private init; }

    public static Arguments Parse(string[] args)
    {
        var parsed = new Arguments();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            parsed = args[i] switch
            {
                "--runs" => parsed with { Runs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--workloads" => parsed with { Workloads = new(Next().Split(','), StringComparer.OrdinalIgnoreCase) },
                "--quick" => parsed with { Quick = true },
                "--plain-gc" => parsed with { PlainGcInterval = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--pytorch" => parsed with { PyTorch = Next() },
                "--out" => parsed with { Out = Next() },
                "--write-grid" => parsed with { WriteGrid = Next() },
                "--memory" => parsed with { MemoryEpochs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--plain" => parsed with { Plain = true },
                "--threads" => parsed with { Threads = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--busy-cores" => parsed with { BusyCores = int.Parse(Next(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown argument {args[i]}."),
            };
        }

        return parsed;
    }
}
