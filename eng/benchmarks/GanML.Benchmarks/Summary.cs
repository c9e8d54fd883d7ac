using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GanML.Benchmarks;

/// <summary>Median and range of repeated timings, formatted for the Markdown tables.</summary>
internal sealed record Summary(double Median, double Min, double Max, int Count)
{
    public static Summary Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return new Summary(double.NaN, double.NaN, double.NaN, 0);
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Summary(median, sorted[0], sorted[^1], sorted.Length);
    }

    public string Seconds => Count == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{Median:F2} ({Min:F2}–{Max:F2})");

    public static string Ratio(Summary numerator, Summary denominator) =>
        numerator.Count == 0 || denominator.Count == 0 ? "–" : (numerator.Median / denominator.Median).ToString("F3", CultureInfo.InvariantCulture);

    public static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static IEnumerable<double> Empty => [];
}
