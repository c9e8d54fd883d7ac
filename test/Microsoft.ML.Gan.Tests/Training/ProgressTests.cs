using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FluentAssertions;
using Microsoft.ML.Gan.Samples.Toy;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Training;

/// <summary>Long training reports progress, keeps its history, and stops cleanly without losing the model.</summary>
public sealed class ProgressTests
{
    private readonly MLContext _mlContext = new(seed: 1);

    [Fact]
    public void Progress_and_history_report_every_epoch_with_step_counts()
    {
        var reported = new List<GanEpochSummary>();
        var options = TinyGan.Options(epochs: 3);
        options.Progress = new ProgressCallback(reported.Add);

        using var model = _mlContext.Gan().Trainer(options).Fit(RingMixture.Create(_mlContext, rows: 256, seed: 1));

        reported.Select(s => s.Epoch).Should().Equal(1, 2, 3);
        model.TrainingHistory.Should().Equal(reported);
        reported.Should().OnlyContain(s => s.DiscriminatorSteps == 256 / 32 && s.GeneratorSteps == 256 / 32);
        reported.Should().OnlyContain(s => double.IsFinite(s.DiscriminatorLoss) && double.IsFinite(s.GeneratorLoss) && s.WassersteinEstimate == null);
    }

    [Fact]
    public void Critic_losses_report_the_Wasserstein_estimate_and_take_k_critic_steps_per_generator_step()
    {
        var options = TinyGan.Options(epochs: 2);
        options.Loss = GanLoss.WassersteinGradientPenalty;

        using var model = _mlContext.Gan().Trainer(options).Fit(RingMixture.Create(_mlContext, rows: 320, seed: 1));

        model.TrainingHistory.Should().OnlyContain(s => s.WassersteinEstimate.HasValue && double.IsFinite(s.WassersteinEstimate.Value));
        model.TrainingHistory.Sum(s => s.DiscriminatorSteps).Should().Be(20);
        model.TrainingHistory.Sum(s => s.GeneratorSteps).Should().Be(20 / GanTrainer.Defaults.MlpGradientPenaltyCriticSteps);
    }

    [Fact]
    public void Epoch_losses_are_written_to_the_MLContext_log()
    {
        var messages = new List<string>();
        _mlContext.Log += (_, e) => { lock (messages) { messages.Add(e.Message); } };

        using var model = _mlContext.Gan().Trainer(TinyGan.Options(epochs: 2)).Fit(RingMixture.Create(_mlContext, rows: 128, seed: 1));

        messages.Should().Contain(m => m.Contains("Epoch 1/2: D loss") && m.Contains("G loss"));
        messages.Should().Contain(m => m.Contains("Epoch 2/2"));
    }

    [Fact]
    public void The_log_names_the_settings_a_run_left_to_its_loss_defaults()
    {
        var messages = new List<string>();
        _mlContext.Log += (_, e) => { lock (messages) { messages.Add(e.Message); } };
        var options = TinyGan.Options(epochs: 1);
        options.Loss = GanLoss.WassersteinGradientPenalty;

        using var model = _mlContext.Gan().Trainer(options).Fit(RingMixture.Create(_mlContext, rows: 128, seed: 1));

        messages.Should().Contain(m => m.Contains("Training a WassersteinGradientPenalty GAN") &&
            m.Contains("Adam learning rates G 0.0005 / D 0.0005, β 0.5 / 0.9, 2 D step(s) per G step, gradient penalty λ 0.1, " +
                "generator average decay 0.999 after a warm-up"));
    }

    [Fact]
    public void Cancellation_stops_between_steps_and_hands_back_the_model_trained_so_far()
    {
        using var cancellation = new CancellationTokenSource();
        var options = TinyGan.Options(epochs: 50);
        options.CancellationToken = cancellation.Token;
        options.Progress = new ProgressCallback(summary =>
        {
            if (summary.Epoch == 2)
            {
                cancellation.Cancel();
            }
        });

        var fit = () => _mlContext.Gan().Trainer(options).Fit(RingMixture.Create(_mlContext, rows: 256, seed: 1));

        var canceled = fit.Should().Throw<GanTrainingCanceledException>().Which;
        using var model = canceled.Model;
        canceled.CompletedEpochs.Should().Be(2);
        canceled.CancellationToken.Should().Be(cancellation.Token);
        model.TrainingHistory.Should().HaveCount(2);
        GeneratedRows.Read(model.Generate(10, seed: 1), "Features").Should().HaveCount(10);
    }
}
