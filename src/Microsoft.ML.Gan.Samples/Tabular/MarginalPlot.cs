using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SkiaSharp;

namespace Microsoft.ML.Gan.Samples.Tabular;

/// <summary>
/// One PNG with a panel per column: the real (grey) and synthetic (blue) share of rows per bin (numeric columns, 20
/// equal-width bins over the real range) or per category (categorical columns, the real categories in order).
/// </summary>
internal static class MarginalPlot
{
    private const int PanelWidth = 320;
    private const int PanelHeight = 220;
    private const int NumericBins = 20;

    public static void Write(string path, Table real, Table synthetic, string syntheticName, int columns = 4)
    {
        var rows = (real.Columns + columns - 1) / columns;
        using var surface = SKSurface.Create(new SKImageInfo(columns * PanelWidth, rows * PanelHeight, SKColorType.Bgra8888, SKAlphaType.Opaque));
        surface.Canvas.Clear(SKColors.White);
        for (var c = 0; c < real.Columns; c++)
        {
            var (realShares, syntheticShares) = real.IsNumeric(c) ? NumericShares(real.Numbers[c]!, synthetic.Numbers[c]!) : CategoryShares(real, synthetic, c);
            using var panel = Render(Panel($"{real.Names[c]} (grey real, blue {syntheticName})", realShares, syntheticShares));
            surface.Canvas.DrawBitmap(panel, c % columns * PanelWidth, c / columns * PanelHeight);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    private static (double[] Real, double[] Synthetic) NumericShares(double[] real, double[] synthetic)
    {
        var (low, high) = (real.Min(), real.Max());
        double[] Shares(double[] values)
        {
            var shares = new double[NumericBins];
            foreach (var v in values)
            {
                shares[high > low ? Math.Clamp((int)((v - low) / (high - low) * NumericBins), 0, NumericBins - 1) : 0] += 1.0 / values.Length;
            }

            return shares;
        }

        return (Shares(real), Shares(synthetic));
    }

    private static (double[] Real, double[] Synthetic) CategoryShares(Table real, Table synthetic, int column)
    {
        var levels = real.Categories[column]!.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Select(g => g.Key).ToArray();
        var realFrequencies = TabularMetrics.Frequencies(real.Categories[column]!);
        var syntheticFrequencies = TabularMetrics.Frequencies(synthetic.Categories[column]!);
        return (levels.Select(l => realFrequencies.GetValueOrDefault(l)).ToArray(), levels.Select(l => syntheticFrequencies.GetValueOrDefault(l)).ToArray());
    }

    private static PlotModel Panel(string title, IReadOnlyList<double> real, IReadOnlyList<double> synthetic)
    {
        var model = new PlotModel { Title = title, TitleFontSize = 11, Background = OxyColors.White };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Minimum = -0.5, Maximum = real.Count - 0.5, IsAxisVisible = false });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Minimum = 0, Maximum = Math.Max(real.Max(), synthetic.Max()) * 1.1 });
        var realBars = new RectangleBarSeries { FillColor = OxyColor.FromRgb(0x99, 0x99, 0x99), StrokeThickness = 0 };
        var syntheticBars = new RectangleBarSeries { FillColor = OxyColor.FromRgb(0x1F, 0x77, 0xB4), StrokeThickness = 0 };
        for (var i = 0; i < real.Count; i++)
        {
            realBars.Items.Add(new RectangleBarItem(i - 0.4, 0, i, real[i]));
            syntheticBars.Items.Add(new RectangleBarItem(i, 0, i + 0.4, synthetic[i]));
        }

        model.Series.Add(realBars);
        model.Series.Add(syntheticBars);
        return model;
    }

    private static SKBitmap Render(PlotModel model)
    {
        var exporter = new OxyPlot.SkiaSharp.PngExporter { Width = PanelWidth, Height = PanelHeight, UseTextShaping = false };
        using var stream = new MemoryStream();
        exporter.Export(model, stream);
        stream.Position = 0;
        return SKBitmap.Decode(stream);
    }
}
