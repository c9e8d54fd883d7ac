using System;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Samples.Toy;
using Microsoft.ML.Gan.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Gan.Tests.Training;

/// <summary>Every kind of bad input fails before training with a message that says what is wrong and where.</summary>
public sealed class BadInputTests
{
    private readonly MLContext _mlContext = new(seed: 1);

    [Fact]
    public void Missing_feature_column_names_the_column_and_lists_the_available_ones()
    {
        var data = _mlContext.Data.LoadFromEnumerable(new[] { new OtherRow { Other = [1, 2] } });

        var fit = () => _mlContext.Gan().Fit(data);

        fit.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Could not find feature column 'Features'. The input has: 'Other'.*");
    }

    [Fact]
    public void Scalar_feature_column_is_a_schema_mismatch()
    {
        var data = _mlContext.Data.LoadFromEnumerable(new[] { new ScalarRow { Features = 1 } });

        var fit = () => _mlContext.Gan().Fit(data);

        fit.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Schema mismatch for feature column 'Features': expected known-size vector of Single, got Single.*");
    }

    [Fact]
    public void Double_vector_is_a_schema_mismatch()
    {
        var data = _mlContext.Data.LoadFromEnumerable(new[] { new DoubleRow { Features = [1, 2] } });

        var fit = () => _mlContext.Gan().Fit(data);

        fit.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Schema mismatch for feature column 'Features': expected known-size vector of Single, got vector of Double with 2 slots.*");
    }

    [Fact]
    public void Variable_size_vector_is_a_schema_mismatch()
    {
        var data = _mlContext.Data.LoadFromEnumerable(new[] { new VariableRow { Features = [1, 2] } });

        var fit = () => _mlContext.Gan().Fit(data);

        fit.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Schema mismatch for feature column 'Features': expected known-size vector of Single, got variable-size vector of Single.*");
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void Non_finite_value_names_its_row_and_slot(float bad, string shown)
    {
        var rows = RingMixture.Points(100, seed: 1).Select(p => new Vector2Row { Features = p }).ToArray();
        rows[37].Features[1] = bad;
        var data = _mlContext.Data.LoadFromEnumerable(rows);

        var fit = () => _mlContext.Gan().Fit(data);

        fit.Should().Throw<InvalidOperationException>()
            .WithMessage($"Feature column 'Features' has a non-finite value ({shown}) at row 37, slot 1.*ReplaceMissingValues*");
    }

    [Fact]
    public void Empty_data_is_rejected()
    {
        var data = _mlContext.Data.LoadFromEnumerable(Array.Empty<Vector2Row>());

        var fit = () => _mlContext.Gan().Fit(data);

        fit.Should().Throw<InvalidOperationException>().WithMessage("The training data is empty*");
    }

    [Fact]
    public void Batch_larger_than_the_data_says_how_to_fix_it()
    {
        var data = RingMixture.Create(_mlContext, rows: 10, seed: 1);

        var fit = () => _mlContext.Gan().Fit(data);

        fit.Should().Throw<InvalidOperationException>()
            .WithMessage("BatchSize (64) is larger than the number of training rows (10). Set BatchSize to at most 10*");
    }

    [Theory]
    [InlineData(nameof(GanTrainer.Options.Epochs))]
    [InlineData(nameof(GanTrainer.Options.BatchSize))]
    [InlineData(nameof(GanTrainer.Options.LatentDimension))]
    [InlineData(nameof(GanTrainer.Options.CriticSteps))]
    [InlineData(nameof(GanTrainer.Options.PackSize))]
    [InlineData(nameof(GanTrainer.Options.GeneratorLearningRate))]
    [InlineData(nameof(GanTrainer.Options.DiscriminatorLearningRate))]
    [InlineData(nameof(GanTrainer.Options.Beta1))]
    [InlineData(nameof(GanTrainer.Options.Beta2))]
    [InlineData(nameof(GanTrainer.Options.ClipValue))]
    [InlineData(nameof(GanTrainer.Options.GradientPenaltyWeight))]
    [InlineData(nameof(GanTrainer.Options.GeneratorHiddenLayers))]
    [InlineData(nameof(GanTrainer.Options.FeatureColumnName))]
    [InlineData(nameof(GanTrainer.Options.GeneratorOutputActivation))]
    public void Invalid_option_is_rejected_when_the_trainer_is_created(string option)
    {
        var options = new GanTrainer.Options();
        switch (option)
        {
            case nameof(GanTrainer.Options.Epochs): options.Epochs = 0; break;
            case nameof(GanTrainer.Options.BatchSize): options.BatchSize = -1; break;
            case nameof(GanTrainer.Options.LatentDimension): options.LatentDimension = 0; break;
            case nameof(GanTrainer.Options.CriticSteps): options.CriticSteps = 0; break;
            case nameof(GanTrainer.Options.PackSize): options.PackSize = 3; options.BatchSize = 64; break;
            case nameof(GanTrainer.Options.GeneratorLearningRate): options.GeneratorLearningRate = double.NaN; break;
            case nameof(GanTrainer.Options.DiscriminatorLearningRate): options.DiscriminatorLearningRate = -1; break;
            case nameof(GanTrainer.Options.Beta1): options.Beta1 = 1; break;
            case nameof(GanTrainer.Options.Beta2): options.Beta2 = -0.1; break;
            case nameof(GanTrainer.Options.ClipValue): options.ClipValue = 0; break;
            case nameof(GanTrainer.Options.GradientPenaltyWeight): options.GradientPenaltyWeight = double.PositiveInfinity; break;
            case nameof(GanTrainer.Options.GeneratorHiddenLayers): options.GeneratorHiddenLayers = [64, 0]; break;
            case nameof(GanTrainer.Options.FeatureColumnName): options.FeatureColumnName = " "; break;
            case nameof(GanTrainer.Options.GeneratorOutputActivation): options.GeneratorOutputActivation = (GanOutputActivation)7; break;
        }

        var create = () => _mlContext.Gan().Trainer(options);

        var expectedOption = option == nameof(GanTrainer.Options.PackSize) ? nameof(GanTrainer.Options.BatchSize) : option;
        create.Should().Throw<ArgumentOutOfRangeException>()
            .Where(e => e.ParamName == $"options.{expectedOption}")
            .WithMessage($"GanTrainer.Options.{expectedOption} *");
    }

    [Fact]
    public void Exploding_loss_stops_training_naming_epoch_step_and_loss_and_checkpoints_nothing_non_finite()
    {
        using var folder = new Imaging.TempFolder();
        var options = TinyGan.Options(epochs: 5);
        options.GeneratorLearningRate = 1e30;
        options.DiscriminatorLearningRate = 1e30;
        options.CheckpointPath = folder.File("checkpoint.zip");
        options.CheckpointInterval = 1;
        var data = RingMixture.Create(_mlContext, rows: 256, seed: 1);

        var fit = () => _mlContext.Gan().Trainer(options).Fit(data);

        var error = fit.Should().Throw<GanTrainingDivergedException>().Which;
        error.Epoch.Should().BeInRange(1, 5);
        error.Step.Should().BeInRange(1, 256 / options.BatchSize);
        double.IsFinite(error.Value).Should().BeFalse();
        error.Message.Should().Contain($"at epoch {error.Epoch}, step {error.Step}").And.Contain(error.LossName);
        // A checkpoint exists only if an epoch completed before the divergence, and holds that finite model.
        System.IO.File.Exists(options.CheckpointPath).Should().Be(error.Epoch > 1);
        if (error.Epoch > 1)
        {
            using var saved = (GanTransformer)_mlContext.Model.Load(options.CheckpointPath, out _);
            saved.TrainingHistory.Should().HaveCountLessThan(error.Epoch);
            GeneratedRows.Read(saved.Generate(16, seed: 1), "Features").SelectMany(r => r).Should().OnlyContain(v => float.IsFinite(v));
        }
    }

    private sealed class OtherRow
    {
        [VectorType(2)]
        public float[] Other { get; set; } = [];
    }

    private sealed class ScalarRow
    {
        public float Features { get; set; }
    }

    private sealed class DoubleRow
    {
        [VectorType(2)]
        public double[] Features { get; set; } = [];
    }

    private sealed class VariableRow
    {
        public float[] Features { get; set; } = [];
    }
}
