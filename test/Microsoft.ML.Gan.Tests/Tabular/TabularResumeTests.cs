using System;
using System.IO;
using System.Threading;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Tabular;

/// <summary>Continuing a tabular GAN from a model or checkpoint reproduces the uninterrupted run; what cannot continue says why.</summary>
public sealed class TabularResumeTests : IDisposable
{
    private readonly MLContext _mlContext = new(seed: 1);
    private readonly string _directory = Directory.CreateTempSubdirectory("ganml-tabular-resume-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.9)]
    public void Continuing_a_saved_checkpoint_reproduces_the_uninterrupted_run(double averaging)
    {
        var data = TinyTable.Load(_mlContext, count: 100);
        TabularGanTrainer.Options Options(int epochs)
        {
            var options = TinyTable.Options(epochs);
            options.GeneratorAveraging = averaging;
            return options;
        }

        using var uninterrupted = _mlContext.Gan().Tabular(Options(4)).Fit(data);

        var checkpoint = Path.Combine(_directory, "checkpoint.zip");
        var first = Options(2);
        first.CheckpointPath = checkpoint;
        first.CheckpointInterval = 2;
        _mlContext.Gan().Tabular(first).Fit(data).Dispose();
        var loader = new MLContext();
        loader.Gan();
        using var loaded = (TabularGanTransformer)loader.Model.Load(checkpoint, out _);
        using var continued = _mlContext.Gan().Tabular(Options(4)).Fit(data, loaded);

        continued.TrainingHistory.Should().HaveCount(4);
        continued.TrainingHistory[3].GeneratorLoss.Should().Be(uninterrupted.TrainingHistory[3].GeneratorLoss);
        TabularGanTests.Rows(continued.Generate(100, seed: 2)).Should().Equal(TabularGanTests.Rows(uninterrupted.Generate(100, seed: 2)));
        loaded.TrainingHistory.Should().HaveCount(2, "the initial model is left unchanged");
    }

    [Fact]
    public void Continuing_a_canceled_model_reproduces_the_uninterrupted_run()
    {
        var data = TinyTable.Load(_mlContext, count: 100);
        using var uninterrupted = _mlContext.Gan().Tabular(TinyTable.Options(epochs: 4)).Fit(data);

        using var cancel = new CancellationTokenSource();
        var options = TinyTable.Options(epochs: 4);
        options.CancellationToken = cancel.Token;
        options.Progress = new ProgressCallback(summary =>
        {
            if (summary.Epoch == 2)
            {
                cancel.Cancel();
            }
        });
        var fit = () => _mlContext.Gan().Tabular(options).Fit(data);
        using var canceled = fit.Should().Throw<TabularGanTrainingCanceledException>().Which.Model;
        using var continued = _mlContext.Gan().Tabular(TinyTable.Options(epochs: 4)).Fit(data, canceled);

        TabularGanTests.Rows(continued.Generate(100, seed: 2)).Should().Equal(TabularGanTests.Rows(uninterrupted.Generate(100, seed: 2)));
    }

    [Fact]
    public void A_generator_only_model_loads_and_generates_but_cannot_continue()
    {
        var data = TinyTable.Load(_mlContext, count: 100);
        using var trained = _mlContext.Gan().Tabular(TinyTable.Options(epochs: 2)).Fit(data);
        var model = trained.Model;
        // What versions before the training state wrote: settings, encodings, history and the generator.
        using (var generatorOnly = new TabularGanTransformer(new TabularGanModel
        {
            Settings = model.Settings,
            Encoding = model.Encoding,
            Generator = GanTrainingSession.CopyOf(model.Settings.CreateGenerator(model.Encoding), model.Generator),
            TrainingSeed = model.TrainingSeed,
            GenerationSeed = model.GenerationSeed,
            TrainingRows = model.TrainingRows,
            History = model.History,
            Device = model.Device,
        }))
        {
            _mlContext.Model.Save(generatorOnly, data.Schema, Path.Combine(_directory, "old.zip"));
        }

        var loader = new MLContext();
        loader.Gan();
        using var loaded = (TabularGanTransformer)loader.Model.Load(Path.Combine(_directory, "old.zip"), out _);
        TabularGanTests.Rows(loaded.Generate(50, seed: 1)).Should().Equal(TabularGanTests.Rows(trained.Generate(50, seed: 1)));

        var fit = () => _mlContext.Gan().Tabular(TinyTable.Options(epochs: 4)).Fit(data, loaded);

        fit.Should().Throw<ArgumentException>().WithMessage("*no training state*earlier version*")
            .Which.ParamName.Should().Be("initialModel");
    }

    [Fact]
    public void Continuing_needs_more_epochs_than_the_model_has()
    {
        var data = TinyTable.Load(_mlContext, count: 100);
        using var trained = _mlContext.Gan().Tabular(TinyTable.Options(epochs: 2)).Fit(data);

        var fit = () => _mlContext.Gan().Tabular(TinyTable.Options(epochs: 2)).Fit(data, trained);

        fit.Should().Throw<ArgumentException>().WithMessage("*completed 2 epochs*set it above 2*");
    }

    [Fact]
    public void Continuing_on_columns_other_than_the_models_throws_naming_them()
    {
        var data = TinyTable.Load(_mlContext, count: 100);
        using var trained = _mlContext.Gan().Tabular(TinyTable.Options(epochs: 2)).Fit(data);
        var missing = _mlContext.Transforms.DropColumns("Member").Fit(data).Transform(data);
        var retyped = _mlContext.Transforms.Conversion.ConvertType("Visits", outputKind: DataKind.Double).Fit(data).Transform(data);

        var withMissing = () => _mlContext.Gan().Tabular(TinyTable.Options(epochs: 4)).Fit(missing, trained);
        var withRetyped = () => _mlContext.Gan().Tabular(TinyTable.Options(epochs: 4)).Fit(retyped, trained);

        withMissing.Should().Throw<ArgumentException>().WithMessage("*do not match the initial model's*Member*")
            .Which.ParamName.Should().Be("input");
        withRetyped.Should().Throw<ArgumentException>().WithMessage("*column 'Visits' is Double in the input but Int32 in the model*");
    }
}
