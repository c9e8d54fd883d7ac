using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using SkiaSharp;

namespace Microsoft.ML.Gan.Samples.Toy;

/// <summary>
/// One PNG of scatter-plot panels, a panel per model: generated points over the mixture's real points, with the
/// centres marked, so dropped modes and off-mode mass are visible at a glance.
/// </summary>
public static class ScatterPlot
{
    private const int PanelSize = 360;

    /// <summary>Writes the panels in rows of <paramref name="columns"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, GaussianMixture mixture, IReadOnlyList<float[]> real, IReadOnlyList<(string Title, IReadOnlyList<float[]> Points)> panels, int columns = 3)
    {
        ArgumentOutOfRangeException.ThrowIfZero(panels.Count);
        columns = Math.Min(columns, panels.Count);
        var rows = (panels.Count + columns - 1) / columns;
        using var surface = SKSurface.Create(new SKImageInfo(columns * PanelSize, rows * PanelSize, SKColorType.Bgra8888, SKAlphaType.Opaque));
        surface.Canvas.Clear(SKColors.White);
        for (var i = 0; i < panels.Count; i++)
        {
            using var panel = Render(Panel(mixture, real, panels[i].Title, panels[i].Points));
            surface.Canvas.DrawBitmap(panel, i % columns * PanelSize, i / columns * PanelSize);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    private static PlotModel Panel(GaussianMixture mixture, IReadOnlyList<float[]> real, string title, IReadOnlyList<float[]> generated)
    {
        // Axes a little wider than the centres, fixed, so every panel of a mixture has the same scale.
        var extent = mixture.Centres.Max(c => Math.Max(Math.Abs(c.X), Math.Abs(c.Y))) + 1;
        var model = new PlotModel { Title = title, TitleFontSize = 13, Background = OxyColors.White };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Minimum = -extent, Maximum = extent });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Minimum = -extent, Maximum = extent });
        model.Series.Add(Points(real, OxyColor.FromAColor(90, OxyColors.Gray), 1.5, MarkerType.Circle));
        model.Series.Add(Points(generated, OxyColor.FromAColor(140, OxyColor.FromRgb(0x1F, 0x77, 0xB4)), 1.5, MarkerType.Circle));
        model.Series.Add(Points(mixture.Centres.Select(c => new[] { (float)c.X, (float)c.Y }).ToList(), OxyColors.Red, 4, MarkerType.Cross));
        return model;
    }

    private static ScatterSeries Points(IReadOnlyList<float[]> points, OxyColor color, double size, MarkerType marker)
    {
        var series = new ScatterSeries { MarkerType = marker, MarkerSize = size, MarkerFill = color, MarkerStroke = color, MarkerStrokeThickness = 1 };
        series.Points.AddRange(points.Select(p => new ScatterPoint(p[0], p[1])));
        return series;
    }

    private static SKBitmap Render(PlotModel model)
    {
        // Text shaping would need HarfBuzz's native library, which no package here ships for Linux.
        var exporter = new OxyPlot.SkiaSharp.PngExporter { Width = PanelSize, Height = PanelSize, UseTextShaping = false };
        using var stream = new MemoryStream();
        exporter.Export(model, stream);
        stream.Position = 0;
        return SKBitmap.Decode(stream);
    }
}
