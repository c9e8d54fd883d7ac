using System.Collections.Generic;
using System.IO;
using System.Linq;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Microsoft.ML.Gan;

/// <summary>
/// The loss-curve chart of <see cref="GanImages.WriteLossCurve"/>, drawn by OxyPlot and rendered to PNG by
/// OxyPlot.SkiaSharp on the same SkiaSharp as Microsoft.ML.ImageAnalytics.
/// </summary>
internal static class LossCurvePlot
{
    public static PlotModel Create(IReadOnlyList<GanEpochSummary> history)
    {
        var model = new PlotModel
        {
            Title = "GAN training losses",
            Subtitle = $"{history.Count} epoch{(history.Count == 1 ? string.Empty : "s")}",

            // PNG export leaves the background transparent unless the model sets one.
            Background = OxyColors.White,
        };
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Bottom,
            Title = "Epoch",
            MinimumMajorStep = 1,
            MinimumMinorStep = 1,
            StringFormat = "0",
        });
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Left,
            Title = "Loss",
            MajorGridlineStyle = LineStyle.Dot,
            MajorGridlineColor = OxyColor.FromRgb(0xDD, 0xDD, 0xDD),
        });
        model.Legends.Add(new Legend
        {
            LegendPosition = LegendPosition.TopRight,
            LegendPlacement = LegendPlacement.Inside,
            LegendBackground = OxyColor.FromAColor(220, OxyColors.White),
            LegendBorder = OxyColors.Gray,
        });

        // Markers keep a short history readable (a one-epoch line has no length); on long ones they would hide the line.
        bool markers = history.Count <= 60;
        model.Series.Add(Line("Discriminator loss", OxyColor.FromRgb(0x1F, 0x77, 0xB4), LineStyle.Solid, markers,
            history.Select(e => new DataPoint(e.Epoch, e.DiscriminatorLoss))));
        model.Series.Add(Line("Generator loss", OxyColor.FromRgb(0xFF, 0x7F, 0x0E), LineStyle.Solid, markers,
            history.Select(e => new DataPoint(e.Epoch, e.GeneratorLoss))));
        if (history.Any(e => e.WassersteinEstimate is not null))
        {
            model.Series.Add(Line("Wasserstein estimate", OxyColor.FromRgb(0x2C, 0xA0, 0x2C), LineStyle.Dash, markers,
                history.Where(e => e.WassersteinEstimate is not null).Select(e => new DataPoint(e.Epoch, e.WassersteinEstimate!.Value))));
        }

        return model;
    }

    public static void WritePng(PlotModel model, string path, int width, int height)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        // Text shaping would need HarfBuzz's native library, which no package here ships for Linux; labels are plain
        // Latin text, which SkiaSharp draws without it.
        var exporter = new OxyPlot.SkiaSharp.PngExporter { Width = width, Height = height, UseTextShaping = false };
        using var file = File.Create(path);
        exporter.Export(model, file);
    }

    private static LineSeries Line(string title, OxyColor color, LineStyle style, bool markers, IEnumerable<DataPoint> points)
    {
        var series = new LineSeries
        {
            Title = title,
            Color = color,
            LineStyle = style,
            StrokeThickness = 2,
            MarkerType = markers ? MarkerType.Circle : MarkerType.None,
            MarkerSize = 3,
            MarkerFill = color,
        };
        series.Points.AddRange(points);
        return series;
    }
}
