using System;
using System.Threading;
using Spectre.Console;

namespace Microsoft.ML.Gan.Samples.Commands;

/// <summary>
/// Fits a GAN with progress on the console: a live bar (epoch, D and G loss, ETA) on a terminal,
/// plain lines when the output is redirected. Ctrl+C stops training after the current step and keeps the model trained
/// so far, so a long run is never lost.
/// </summary>
internal static class TrainingConsole
{
    public static GanTransformer Fit(MLContext mlContext, GanTrainer.Options options, IDataView data, string label)
    {
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) =>
        {
            e.Cancel = true; // Keep the process alive: training ends at the next step and hands back its model.
            cancellation.Cancel();
        };
        Console.CancelKeyPress += stop;
        options.CancellationToken = cancellation.Token;
        try
        {
            return Live ? FitWithBar(mlContext, options, data, label) : FitWith(new PlainProgress(label, options.Epochs), mlContext, options, data);
        }
        catch (GanTrainingCanceledException canceled)
        {
            Console.WriteLine($"Stopped by Ctrl+C after {canceled.CompletedEpochs} of {options.Epochs} epochs; continuing with the model trained so far.");
            return canceled.Model;
        }
        finally
        {
            Console.CancelKeyPress -= stop;
        }
    }

    /// <summary>A terminal that can redraw a bar in place; not a log file or a pipe.</summary>
    private static bool Live => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    private static GanTransformer FitWithBar(MLContext mlContext, GanTrainer.Options options, IDataView data, string label) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn { Width = 24 },
                new PercentageColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(label), maxValue: options.Epochs);
                return FitWith(new BarProgress(task, label, options.Epochs), mlContext, options, data);
            });

    private static GanTransformer FitWith(IProgress<GanEpochSummary> progress, MLContext mlContext, GanTrainer.Options options, IDataView data)
    {
        options.Progress = progress;
        return mlContext.Gan().Trainer(options).Fit(data);
    }
}
