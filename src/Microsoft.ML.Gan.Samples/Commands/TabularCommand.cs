using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Gan.Samples.Tabular;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>
/// The tabular synthesizer against its baselines on a bundled table (credit-g or ticdata): fidelity (column shapes,
/// column pair trends), ML efficacy (train on synthetic, test on real), privacy (distance to the closest training row,
/// exact copies) and minority-class augmentation against random oversampling and SMOTE-NC, each over several seeds
/// (a new train/test split per seed for credit-g; ticdata keeps its official split). Writes tabular-report.md, a plot of
/// real against synthetic marginals and the first seed's model zip.
/// </summary>
internal static class TabularCommand
{
    private static readonly string[] Synthesizers = ["CTGAN (GanML)", "Gaussian copula", "Independent marginals"];

    public static int Run(string artifacts, string dataset, int epochs, int seeds, int seed)
    {
        artifacts = Path.GetFullPath(artifacts);
        Directory.CreateDirectory(artifacts);
        var (file, label, positive, officialTrainRows) = dataset switch
        {
            "credit-g" => ("credit-g/credit-g.csv", "class", "bad", (int?)null),
            "ticdata" => ("ticdata/ticdata.csv", "CARAVAN", "insurance", 5822),
            _ => throw new ArgumentException($"Unknown data set '{dataset}': use credit-g or ticdata.", nameof(dataset)),
        };
        var path = Path.Combine(AppContext.BaseDirectory, "data", file);
        var table = TableCsv.Read(path);
        Console.WriteLine($"GanML tabular: {dataset}, {table.Rows} rows, {table.Columns} columns ({Enumerable.Range(0, table.Columns).Count(table.IsNumeric)} numeric); " +
            $"{seeds} seed(s), CTGAN {epochs} epochs. Artifacts: {artifacts}");

        var results = new List<Dictionary<string, double>>();
        var total = Stopwatch.StartNew();
        TimeSpan trainingTime = TimeSpan.Zero;
        for (var s = 0; s < seeds; s++)
        {
            var runSeed = seed + s;
            var (train, test) = Split(table, officialTrainRows, runSeed);
            var mlContext = new MLContext(runSeed);
            var trainView = TableCsv.Load(mlContext, train, Path.Combine(artifacts, $"tabular-{dataset}-train.csv"));
            var clock = Stopwatch.StartNew();
            var options = new TabularGanTrainer.Options { Epochs = epochs, Seed = runSeed };
            if (s == 0)
            {
                options.Progress = new Progress<GanEpochSummary>(e =>
                {
                    if (e.Epoch % 100 == 0)
                    {
                        Console.WriteLine($"    epoch {e.Epoch}: critic {e.DiscriminatorLoss:F3}, generator {e.GeneratorLoss:F3}");
                    }
                });
            }

            using var model = mlContext.Gan().Tabular(options).Fit(trainView);
            trainingTime += clock.Elapsed;
            var synthetic = new Dictionary<string, Table>
            {
                [Synthesizers[0]] = Table.Read(model.Generate(train.Rows, runSeed)),
                [Synthesizers[1]] = Baselines.GaussianCopula(train, train.Rows, runSeed),
                [Synthesizers[2]] = Baselines.Marginals(train, train.Rows, runSeed),
            };
            if (s == 0)
            {
                MarginalPlot.Write(Path.Combine(artifacts, $"tabular-{dataset}-marginals.png"), train, synthetic[Synthesizers[0]], "CTGAN");
                mlContext.Model.Save(model, trainView.Schema, Path.Combine(artifacts, $"tabular-{dataset}.zip"));
            }

            var scores = new Dictionary<string, double>();
            for (var c = 0; c < train.Columns; c++)
            {
                foreach (var name in Synthesizers)
                {
                    scores[$"column|{train.Names[c]}|{name}"] = TabularMetrics.ColumnShape(train, synthetic[name], c);
                }

                scores[$"column|{train.Names[c]}|Real held-out rows"] = TabularMetrics.ColumnShape(train, test, c);
            }

            var efficacy = new Efficacy(train, label, positive);
            foreach (var (name, rows) in synthetic.Append(new("Real held-out rows", test)))
            {
                scores[$"shapes|{name}"] = TabularMetrics.ColumnShapes(train, rows);
                scores[$"pairs|{name}"] = TabularMetrics.PairTrends(train, rows);
                var distances = TabularMetrics.DistancesToClosest(rows, train);
                scores[$"dcr|{name}"] = TabularMetrics.Median(distances);
                var trainKeys = Enumerable.Range(0, train.Rows).Select(train.RowKey).ToHashSet();
                scores[$"copies|{name}"] = Enumerable.Range(0, rows.Rows).Count(r => trainKeys.Contains(rows.RowKey(r))) / (double)rows.Rows;
            }

            foreach (var classifier in Efficacy.Classifiers)
            {
                foreach (var (name, rows) in synthetic.Prepend(new("Real training rows", train)))
                {
                    var result = efficacy.Evaluate(mlContext, classifier, rows, test);
                    scores[$"auc|{classifier}|{name}"] = result.Auc;
                    scores[$"f1|{classifier}|{name}"] = result.MacroF1;
                }
            }

            var labelColumn = train.IndexOf(label);
            var minorityRows = Enumerable.Range(0, train.Rows).Where(r => train.Categories[labelColumn]![r] == positive).ToArray();
            var minority = train.Select(minorityRows);
            var needed = train.Rows - 2 * minorityRows.Length;
            var augmented = new Dictionary<string, Table>
            {
                ["None"] = train,
                ["Random oversampling"] = train.Concat(Baselines.Oversample(minority, needed, runSeed)),
                ["SMOTE-NC"] = train.Concat(Baselines.Smote(minority, needed, runSeed)),
                ["CTGAN rows for the minority"] = train.Concat(Table.Read(model.Generate(needed, runSeed, label, positive))),
            };
            foreach (var classifier in Efficacy.Classifiers)
            {
                foreach (var (name, rows) in augmented)
                {
                    var result = efficacy.Evaluate(mlContext, classifier, rows, test);
                    scores[$"augauc|{classifier}|{name}"] = result.Auc;
                    scores[$"augf1|{classifier}|{name}"] = result.MacroF1;
                }
            }

            results.Add(scores);
            Console.WriteLine($"  seed {runSeed}: CTGAN shapes {scores[$"shapes|{Synthesizers[0]}"]:F3}, pairs {scores[$"pairs|{Synthesizers[0]}"]:F3}, " +
                $"TSTR AUC FastTree {scores[$"auc|FastTree|{Synthesizers[0]}"]:F3} (real {scores["auc|FastTree|Real training rows"]:F3}); {total.Elapsed.TotalSeconds:F0} s so far");
        }

        var report = Report(dataset, table, officialTrainRows, epochs, seed, results, trainingTime, total.Elapsed);
        File.WriteAllText(Path.Combine(artifacts, $"tabular-{dataset}-report.md"), report);
        Console.WriteLine(report);
        return 0;
    }

    private static (Table Train, Table Test) Split(Table table, int? officialTrainRows, int seed)
    {
        if (officialTrainRows is int rows)
        {
            return (table.Select(Enumerable.Range(0, rows).ToArray()), table.Select(Enumerable.Range(rows, table.Rows - rows).ToArray()));
        }

        var random = new Random(seed);
        var order = Enumerable.Range(0, table.Rows).OrderBy(_ => random.Next()).ToArray();
        var trainRows = (int)Math.Round(table.Rows * 0.7);
        return (table.Select(order[..trainRows]), table.Select(order[trainRows..]));
    }

    private static string Report(string dataset, Table table, int? officialTrainRows, int epochs, int seed, List<Dictionary<string, double>> results,
        TimeSpan trainingTime, TimeSpan elapsed)
    {
        string Cell(string key)
        {
            var values = results.Select(r => r[key]).ToArray();
            var mean = values.Average();
            var deviation = values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : 0;
            return values.Length > 1 ? string.Create(CultureInfo.InvariantCulture, $"{mean:F3} ± {deviation:F3}") : string.Create(CultureInfo.InvariantCulture, $"{mean:F3}");
        }

        var report = new StringBuilder();
        void Line(string text = "") => report.Append(text).Append('\n');
        Line($"# Tabular synthesis on {dataset}");
        Line();
        Line(string.Create(CultureInfo.InvariantCulture,
            $"{table.Rows} rows, {table.Columns} columns. Split: {(officialTrainRows is int n ? $"the official one ({n} training rows, {table.Rows - n} test rows), the same for every seed" : "70% training / 30% held-out test, a new random split per seed")}. " +
            $"Seeds {seed}–{seed + results.Count - 1} ({results.Count}); every cell is the mean ± standard deviation over them. CTGAN: GanML's TabularGanTrainer with its defaults and {epochs} epochs " +
            $"({trainingTime.TotalSeconds / results.Count:F0} s per model on this machine); each synthesizer makes as many rows as the training split has. Whole run {elapsed.TotalMinutes:F1} min."));
        Line();
        Line("Produced by `dotnet run --project src/Microsoft.ML.Gan.Samples -c Release -- tabular" + (dataset == "credit-g" ? string.Empty : $" --dataset {dataset}") +
            string.Create(CultureInfo.InvariantCulture, $" --epochs {epochs} --seeds {results.Count} --seed {seed}`."));
        Line();
        Line("## Fidelity and privacy (against the real training split)");
        Line();
        Line("| rows | column shapes | column pair trends | median DCR | exact copies of training rows |");
        Line("| --- | ---: | ---: | ---: | ---: |");
        foreach (var name in Synthesizers.Append("Real held-out rows"))
        {
            Line($"| {name} | {Cell($"shapes|{name}")} | {Cell($"pairs|{name}")} | {Cell($"dcr|{name}")} | {Cell($"copies|{name}")} |");
        }

        Line();
        Line("Column shapes: mean over columns of 1 − KS statistic (numeric) or 1 − total-variation distance (categorical). Pair trends: mean over column pairs of " +
            "1 − |Δ Pearson correlation| / 2 (two numeric columns) or the contingency similarity (otherwise; numeric columns in 10 equal-width bins). " +
            "DCR: distance to the closest real training row, the sum over columns of |Δ| / training range (numeric) or 0/1 (categorical); real held-out rows give the reference. " +
            "Real held-out rows are a different sample of the same population: their scores are what a perfect synthesizer would reach at this sample size.");
        Line();
        Line("Column shape per column:");
        Line();
        Line("| column | kind | " + string.Join(" | ", Synthesizers.Append("Real held-out rows")) + " |");
        Line("| --- | --- |" + string.Concat(Enumerable.Repeat(" ---: |", Synthesizers.Length + 1)));
        for (var c = 0; c < table.Columns; c++)
        {
            Line($"| {table.Names[c]} | {(table.IsNumeric(c) ? "numeric" : "categorical")} | " +
                string.Join(" | ", Synthesizers.Append("Real held-out rows").Select(name => Cell($"column|{table.Names[c]}|{name}"))) + " |");
        }

        Line();
        Line("## ML efficacy (train on the rows, test on real held-out rows)");
        Line();
        Line("| trained on | FastTree AUC | FastTree macro-F1 | LbfgsMaximumEntropy AUC | LbfgsMaximumEntropy macro-F1 |");
        Line("| --- | ---: | ---: | ---: | ---: |");
        foreach (var name in Synthesizers.Prepend("Real training rows"))
        {
            Line($"| {name} | {Cell($"auc|FastTree|{name}")} | {Cell($"f1|FastTree|{name}")} | {Cell($"auc|LbfgsMaximumEntropy|{name}")} | {Cell($"f1|LbfgsMaximumEntropy|{name}")} |");
        }

        Line();
        Line("## Augmenting the minority class up to the majority's count");
        Line();
        Line("| added rows | FastTree AUC | FastTree macro-F1 | LbfgsMaximumEntropy AUC | LbfgsMaximumEntropy macro-F1 |");
        Line("| --- | ---: | ---: | ---: | ---: |");
        foreach (var name in new[] { "None", "Random oversampling", "SMOTE-NC", "CTGAN rows for the minority" })
        {
            Line($"| {name} | {Cell($"augauc|FastTree|{name}")} | {Cell($"augf1|FastTree|{name}")} | {Cell($"augauc|LbfgsMaximumEntropy|{name}")} | {Cell($"augf1|LbfgsMaximumEntropy|{name}")} |");
        }

        Line();
        Line("CTGAN rows for the minority come from `Generate(count, seed, label, positive)` of the model trained on the whole training split. Both classifiers use ML.NET's defaults with one thread; " +
            "features are the numeric columns standardised on the real training split and the categorical columns one-hot over its categories.");
        return report.ToString();
    }
}
