using System;
using System.Linq;
using System.Threading;
using FluentAssertions;
using Microsoft.ML.Gan.Samples.Toy;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Training;

/// <summary>Training continues exactly where it stopped: weights, optimiser, random state, row order and history.</summary>
public sealed class ResumeTests
{
    private readonly MLContext _mlContext = new(seed: 1);
    private readonly IDataView _data;

    public ResumeTests()
    {
        _data = RingMixture.Create(_mlContext, rows: 512, seed: 7);
    }

    [Theory]
    [InlineData(GanLoss.NonSaturating)]
    [InlineData(GanLoss.WassersteinGradientPenalty)]
    public void Canceled_at_an_epoch_end_and_resumed_equals_the_uninterrupted_run(GanLoss loss)
    {
        using var uninterrupted = _mlContext.Gan().Trainer(Options(loss, epochs: 6)).Fit(_data);

        using var cancellation = new CancellationTokenSource();
        var interrupted = Options(loss, epochs: 6);
        interrupted.CancellationToken = cancellation.Token;
        interrupted.Progress = new ProgressCallback(s => { if (s.Epoch == 2) { cancellation.Cancel(); } });
        var canceled = FluentActions.Invoking(() => _mlContext.Gan().Trainer(interrupted).Fit(_data))
            .Should().Throw<GanTrainingCanceledException>().Which;
        using var partial = canceled.Model;
        using var resumed = _mlContext.Gan().Trainer(Options(loss, epochs: 6)).Fit(_data, partial);

        AssertSameTraining(resumed, uninterrupted);
    }

    [Fact]
    public void Canceled_anywhere_mid_epoch_and_resumed_equals_the_uninterrupted_run()
    {
        var data = RingMixture.Create(_mlContext, rows: 4096, seed: 8);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var uninterrupted = _mlContext.Gan().Trainer(Options(GanLoss.Hinge, epochs: 12)).Fit(data);
        var duration = clock.Elapsed;
        var resumedMidEpoch = 0;

        foreach (var fraction in new[] { 0.3, 0.5, 0.7 })
        {
            // A dedicated thread, not a timer: timers need a thread-pool thread, which a busy test host may not have.
            using var cancellation = new CancellationTokenSource();
            var canceler = new Thread(() => { Thread.Sleep(duration * fraction); cancellation.Cancel(); }) { IsBackground = true };
            var interrupted = Options(GanLoss.Hinge, epochs: 12);
            interrupted.CancellationToken = cancellation.Token;
            GanTransformer partial;
            canceler.Start();
            try
            {
                partial = _mlContext.Gan().Trainer(interrupted).Fit(data);
            }
            catch (GanTrainingCanceledException canceled)
            {
                partial = canceled.Model;
            }

            canceler.Join();
            using (partial)
            {
                if (partial.TrainingHistory.Count < 12)
                {
                    resumedMidEpoch += partial.Model.Training?.EpochOrder is null ? 0 : 1;
                    using var resumed = _mlContext.Gan().Trainer(Options(GanLoss.Hinge, epochs: 12)).Fit(data, partial);
                    AssertSameTraining(resumed, uninterrupted);
                }
            }
        }

        resumedMidEpoch.Should().BeGreaterThan(0, "at least one cancellation should land inside an epoch");
    }

    [Fact]
    public void Warm_start_trains_the_remaining_epochs_and_leaves_the_initial_model_unchanged()
    {
        using var threeEpochs = _mlContext.Gan().Trainer(Options(GanLoss.NonSaturating, epochs: 3)).Fit(_data);
        var before = GeneratedRows.Read(threeEpochs.Generate(50, seed: 1), "Features");

        using var fiveEpochs = _mlContext.Gan().Trainer(Options(GanLoss.NonSaturating, epochs: 5)).Fit(_data, threeEpochs);
        using var uninterrupted = _mlContext.Gan().Trainer(Options(GanLoss.NonSaturating, epochs: 5)).Fit(_data);

        fiveEpochs.TrainingHistory.Should().HaveCount(5);
        AssertSameTraining(fiveEpochs, uninterrupted);
        GeneratedRows.Read(threeEpochs.Generate(50, seed: 1), "Features").Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
    }

    [Fact]
    public void A_wgan_gp_model_trained_without_an_average_continues_without_one_at_the_defaults()
    {
        var withoutAverage = Options(GanLoss.WassersteinGradientPenalty, epochs: 2);
        withoutAverage.GeneratorAverageDecay = 0;
        using var model = _mlContext.Gan().Trainer(withoutAverage).Fit(_data);

        using var continued = _mlContext.Gan().Trainer(Options(GanLoss.WassersteinGradientPenalty, epochs: 4)).Fit(_data, model);

        model.Model.GeneratorAverage.Should().BeNull();
        continued.TrainingHistory.Should().HaveCount(4);
        continued.Model.GeneratorAverage.Should().BeNull("a model saved before WGAN-GP averaged by default keeps its layout");
        using var averagedFromScratch = _mlContext.Gan().Trainer(Options(GanLoss.WassersteinGradientPenalty, epochs: 4)).Fit(_data);
        averagedFromScratch.Model.GeneratorAverage.Should().NotBeNull();
    }

    [Fact]
    public void Continuing_needs_more_epochs_than_the_model_has()
    {
        using var model = _mlContext.Gan().Trainer(Options(GanLoss.NonSaturating, epochs: 2)).Fit(_data);

        var fit = () => _mlContext.Gan().Trainer(Options(GanLoss.NonSaturating, epochs: 2)).Fit(_data, model);

        fit.Should().Throw<ArgumentException>().WithMessage("The initial model has completed 2 epochs and Options.Epochs is 2*set it above 2*");
    }

    [Fact]
    public void Continuing_with_another_architecture_names_the_difference()
    {
        using var model = _mlContext.Gan().Trainer(Options(GanLoss.NonSaturating, epochs: 1)).Fit(_data);
        var options = Options(GanLoss.NonSaturating, epochs: 2);
        options.GeneratorHiddenLayers = [32];

        var fit = () => _mlContext.Gan().Trainer(options).Fit(_data, model);

        fit.Should().Throw<ArgumentException>().WithMessage("*GeneratorHiddenLayers [16] vs [32]*");
    }

    private static GanTrainer.Options Options(GanLoss loss, int epochs)
    {
        var options = TinyGan.Options(epochs);
        options.Loss = loss;
        options.Seed = 11;
        return options;
    }

    private static void AssertSameTraining(GanTransformer actual, GanTransformer expected)
    {
        actual.TrainingHistory.Select(e => (e.Epoch, e.DiscriminatorLoss, e.GeneratorLoss, e.DiscriminatorSteps, e.GeneratorSteps))
            .Should().Equal(expected.TrainingHistory.Select(e => (e.Epoch, e.DiscriminatorLoss, e.GeneratorLoss, e.DiscriminatorSteps, e.GeneratorSteps)));
        GeneratedRows.Read(actual.Generate(200, seed: 5), "Features")
            .Should().BeEquivalentTo(GeneratedRows.Read(expected.Generate(200, seed: 5), "Features"), o => o.WithStrictOrdering());
    }
}
