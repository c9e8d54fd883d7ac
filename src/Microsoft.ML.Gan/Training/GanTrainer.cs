using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan;

/// <summary>
/// Trains a generative adversarial network on a vector column and returns a <see cref="GanTransformer"/> that generates
/// new rows like it. Create it with <c>mlContext.Gan().Trainer(...)</c>.
/// </summary>
/// <remarks>
/// <para>Training alternates the two players of the seeds' algorithm: the discriminator takes a step on a batch of real
/// rows and a batch of generated ones, and after every k such steps (<see cref="Options.CriticSteps"/>) the generator
/// takes a step against the fixed discriminator. The data are scaled per slot to [−1, 1] (the generator ends in Tanh);
/// the scaling is learnt here and inverted at generation, so generated rows come back in the data's units.</para>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and role</description></listheader>
/// <item><term><see cref="Options.FeatureColumnName"/> (input)</term><description>Known-size vector of Single, finite values: the rows to imitate.</description></item>
/// <item><term><see cref="Options.OutputColumnName"/> (output)</term><description>Known-size vector of Single: one generated row per input row.</description></item>
/// </list>
/// </remarks>
public sealed partial class GanTrainer : IEstimator<GanTransformer>
{
    private readonly MLContext _context;
    private readonly Options _options;

    internal GanTrainer(MLContext context, Options options)
    {
        Validate(options);
        _context = context;
        _options = options;
    }

    /// <summary>Trains the networks on <paramref name="input"/>.</summary>
    /// <param name="input">Training data with the feature column.</param>
    /// <returns>The trained generator as a transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or is not a known-size vector of Single.</exception>
    /// <exception cref="InvalidOperationException">The data are empty, hold NaN or infinities, or have fewer rows than a batch.</exception>
    /// <exception cref="GanTrainingDivergedException">A loss became NaN or infinite.</exception>
    /// <exception cref="GanTrainingCanceledException">The options' cancellation token was signalled.</exception>
    public GanTransformer Fit(IDataView input) => Fit(input, initialModel: null);

    /// <summary>
    /// Continues training <paramref name="initialModel"/> (a fitted or loaded model, or a checkpoint) on
    /// <paramref name="input"/> until <see cref="Options.Epochs"/> epochs are complete in total. The weights, optimiser
    /// state, random-generator state and history carry over, so resuming a checkpoint reproduces the uninterrupted run on
    /// the CPU; to train a 200-epoch model for 50 more epochs, set <see cref="Options.Epochs"/> to 250. Learning rates, loss
    /// and the other training settings come from this trainer's options; the architecture and data scaling come from the
    /// model, and <paramref name="initialModel"/> itself is left unchanged.
    /// </summary>
    /// <param name="input">Training data with the feature column, of the model's dimension.</param>
    /// <param name="initialModel">The model to continue; <see langword="null"/> trains from scratch.</param>
    /// <returns>A new transformer with the further trained networks.</returns>
    public GanTransformer Fit(IDataView input, GanTransformer? initialModel)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(_options);
        var column = SchemaChecks.FeatureColumn(input.Schema, _options.FeatureColumnName, nameof(input));
        var host = ((IHostEnvironment)_context).Register(nameof(GanTrainer));
        var seed = initialModel?.Model.TrainingSeed ?? _options.Seed ?? host.Rand.Next();
        using var channel = host.Start("Training");

        var matrix = FeatureMatrix.Read(input, column, _options.CancellationToken);
        if (matrix.Rows < _options.BatchSize)
        {
            throw new InvalidOperationException(
                $"BatchSize ({_options.BatchSize}) is larger than the number of training rows ({matrix.Rows}). " +
                $"Set BatchSize to at most {matrix.Rows} (and a multiple of PackSize {_options.PackSize}), or add data.");
        }

        var image = _options.Network == GanNetwork.Dcgan ? ImageGeometry.Resolve(_options, column) : ((int, int)?)null;
        var (conditions, condition) = ReadConditions(input, matrix.Rows);
        var settings = GanSettings.From(_options, matrix.Dimension, image, condition);
        var scaling = initialModel is null
            ? FeatureScaling.FromRange(matrix.Minimum, matrix.Maximum, shared: _options.Network == GanNetwork.Dcgan)
            : initialModel.Model.Scaling;
        if (initialModel is not null)
        {
            // A model saved before packed discriminators shared their first layer keeps its layout, and one saved without
            // a generator average (before MLP GANs averaged by default) keeps going without one unless the options ask.
            settings = settings with
            {
                SharedPackLayer = initialModel.Model.Settings.SharedPackLayer,
                GeneratorAverageDecay = _options.GeneratorAverageDecay is null && initialModel.Model.Settings.GeneratorAverageDecay is null
                    ? null : settings.GeneratorAverageDecay,
            };
            CheckContinuation(initialModel.Model, settings);
        }

        scaling.ScaleInPlace(matrix.Span);
        var device = TorchDevices.Select(_context, channel);
        channel.Info(MessageSensitivity.None, initialModel is null
            ? $"Training a {settings.Loss} GAN on {matrix.Rows} rows of {matrix.Dimension} slots for {_options.Epochs} epochs (seed {seed}, device {device}; {DescribeOptimisation(settings)})."
            : $"Continuing a {settings.Loss} GAN from epoch {initialModel.Model.History.Count} to {_options.Epochs} on {matrix.Rows} rows (device {device}; {DescribeOptimisation(settings)}).");

        using var session = initialModel is null
            ? new GanTrainingSession(settings, matrix, conditions, seed, device)
            : new GanTrainingSession(settings, initialModel.Model, matrix, conditions, device);
        try
        {
            session.Train(_options.Epochs, channel, _options.Progress, _options.CancellationToken, afterEpoch: () =>
            {
                if (_options.CheckpointInterval > 0 && session.CompletedEpochs % _options.CheckpointInterval == 0)
                {
                    WriteCheckpoint(session, scaling, seed, input.Schema, channel);
                }
            });
            session.CalibrateDiscriminator(_options.DiscriminatorCalibrationSteps, channel);
        }
        catch (OperationCanceledException) when (_options.CancellationToken.IsCancellationRequested)
        {
            WriteCheckpoint(session, scaling, seed, input.Schema, channel);
            var partial = new GanTransformer(session.ToModel(scaling, seed, handOver: true));
            throw new GanTrainingCanceledException(partial, session.CompletedEpochs, _options.CancellationToken);
        }

        return new GanTransformer(session.ToModel(scaling, seed, handOver: true));
    }

    /// <summary>
    /// The input columns plus the generated column. Checks that the feature column exists and is a known-size vector of
    /// Single, so a pipeline fails before any training with a message that names the column.
    /// </summary>
    /// <param name="inputSchema">The shape of the data the trainer will see.</param>
    /// <returns>The shape of the fitted transformer's output.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaChecks.FeatureColumn(inputSchema, _options.FeatureColumnName, nameof(inputSchema));
        if (_options.SeedColumnName is { } seedColumn)
        {
            SchemaChecks.SeedColumn(inputSchema, seedColumn, nameof(inputSchema));
        }

        if ((_options.LabelColumnName ?? _options.ConditionColumnName) is { } conditionColumn)
        {
            ConditionColumn.Check(inputSchema, conditionColumn, label: _options.LabelColumnName is not null, nameof(inputSchema));
        }

        var outputs = new List<SchemaShape.Column>
        {
            MLNetInternals.CreateSchemaShapeColumn(_options.OutputColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single),
        };
        if (_options.RealismScoreColumnName is { } realism)
        {
            outputs.Add(MLNetInternals.CreateSchemaShapeColumn(realism, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single));
        }

        return new SchemaShape(inputSchema.Where(column => outputs.All(o => o.Name != column.Name)).Concat(outputs));
    }

    /// <summary>The condition of every training row (one-hot labels or vectors), or nothing for an unconditional GAN.</summary>
    private (float[]? Values, (ConditionKind, int)? Condition) ReadConditions(IDataView input, int rows)
    {
        if ((_options.LabelColumnName ?? _options.ConditionColumnName) is not { } name)
        {
            return (null, null);
        }

        var (column, kind) = ConditionColumn.Resolve(input.Schema, name, label: _options.LabelColumnName is not null, nameof(input));
        var (values, dimension) = ConditionColumn.Read(input, column, kind, rows, _options.CancellationToken);
        if (_options.MismatchedConditionWeight > 0 && kind != ConditionKind.Vector && dimension < 2)
        {
            throw new InvalidOperationException(
                $"MismatchedConditionWeight needs at least 2 classes to show a real row with a wrong label, but label column '{name}' has {dimension}.");
        }

        return (values, (kind, dimension));
    }

    internal static int ResolveLatentDimension(Options options, int featureDimension) => options.LatentDimension
        ?? (options.Network == GanNetwork.Mlp ? Math.Min(featureDimension, Defaults.LatentDimension) : Defaults.LatentDimension);

    // The settings that depend on the loss and network, resolved, so the log says what a run left at its defaults used.
    private static string DescribeOptimisation(GanSettings settings)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"Adam learning rates G {settings.GeneratorLearningRate:g} / D {settings.DiscriminatorLearningRate:g}, β {settings.Beta1:g} / {settings.Beta2:g}, ");
        text.Append(CultureInfo.InvariantCulture, $"{settings.CriticSteps} D step(s) per G step");
        if (settings.Loss == GanLoss.WassersteinGradientPenalty)
        {
            text.Append(CultureInfo.InvariantCulture, $", gradient penalty λ {settings.GradientPenaltyWeight:g}");
        }
        else if (settings.Loss == GanLoss.Wasserstein)
        {
            text.Append(CultureInfo.InvariantCulture, $", weights clipped to ±{settings.ClipValue:g}");
        }

        if (settings.GeneratorAverageDecay is double decay)
        {
            text.Append(CultureInfo.InvariantCulture, $", generator average decay {decay:g}{(settings.GeneratorAverageWarmUp ? " after a warm-up" : "")}");
        }

        return text.ToString();
    }

    // Minimax for vectors, non-saturating for images: docs/TRAINING.md, "Minimax, the default loss for vectors".
    internal static GanLoss ResolveLoss(Options options) => options.Loss
        ?? (options.Network == GanNetwork.Mlp ? Defaults.MlpLoss : Defaults.DcganLoss);

    // The WGAN-GP defaults measured on MLPs (docs/TRAINING.md); DCGAN critics keep the paper's image setting.
    private static bool IsMlpGradientPenalty(Options options) =>
        ResolveLoss(options) == GanLoss.WassersteinGradientPenalty && options.Network == GanNetwork.Mlp;

    // Losses whose MLP defaults are a higher learning rate (docs/TRAINING.md): WGAN-GP, and minimax, whose saturating
    // generator gradient is weak wherever D is sure; the non-saturating and hinge generators dropped modes of the ring
    // at the higher rate.
    private static bool HasMlpHigherLearningRate(Options options) =>
        options.Network == GanNetwork.Mlp && ResolveLoss(options) is GanLoss.WassersteinGradientPenalty or GanLoss.Minimax;

    internal static double ResolveGeneratorLearningRate(Options options) => options.GeneratorLearningRate
        ?? (HasMlpHigherLearningRate(options) ? Defaults.MlpHigherLearningRate : Defaults.LearningRate);

    internal static double ResolveDiscriminatorLearningRate(Options options) => options.DiscriminatorLearningRate
        ?? (options.Network == GanNetwork.Mlp && options.PackSize > 1 ? Defaults.PackedDiscriminatorLearningRate
            : HasMlpHigherLearningRate(options) ? Defaults.MlpHigherLearningRate : Defaults.LearningRate);

    internal static double ResolveBeta2(Options options) => options.Beta2
        ?? (IsMlpGradientPenalty(options) ? Defaults.MlpGradientPenaltyBeta2 : Defaults.Beta2);

    internal static double ResolveGradientPenaltyWeight(Options options) => options.GradientPenaltyWeight
        ?? (options.Network == GanNetwork.Mlp ? Defaults.MlpGradientPenaltyWeight : Defaults.GradientPenaltyWeight);

    /// <summary>
    /// The generator average's decay, or <see langword="null"/> for none, and whether it warms up: the user's value (0 is
    /// none) as it is; for MLP networks 0.999 after a warm-up.
    /// </summary>
    internal static (double? Decay, bool WarmUp) ResolveGeneratorAverage(Options options) => options.GeneratorAverageDecay switch
    {
        double decay => (decay == 0 ? null : decay, false),
        // DCGAN generators keep their raw weights unless asked: the image defaults were measured without the average.
        null when options.Network != GanNetwork.Mlp => (null, false),
        null => (Defaults.MlpGeneratorAverageDecay, true),
    };

    internal static int ResolveCriticSteps(Options options) => options.CriticSteps
        ?? (IsMlpGradientPenalty(options) ? Defaults.MlpGradientPenaltyCriticSteps
            : ResolveLoss(options) is GanLoss.Wasserstein or GanLoss.WassersteinGradientPenalty ? Defaults.WassersteinCriticSteps : 1);

    // Written to a temporary file and moved over the previous checkpoint, so a crash mid-write never leaves a broken one.
    private void WriteCheckpoint(GanTrainingSession session, FeatureScaling scaling, int seed, DataViewSchema schema, IChannel channel)
    {
        if (_options.CheckpointPath is not { } path)
        {
            return;
        }

        var temporary = path + ".partial";
        using (var checkpoint = new GanTransformer(session.ToModel(scaling, seed, handOver: false)))
        {
            _context.Model.Save(checkpoint, schema, temporary);
        }

        File.Move(temporary, path, overwrite: true);
        channel.Info(MessageSensitivity.None, $"Checkpoint after {session.CompletedEpochs} complete epoch(s) written to {path}.");
    }

    private void CheckContinuation(GanModel model, GanSettings settings)
    {
        var differences = model.Settings.ArchitectureDifferences(settings).ToArray();
        if (differences.Length > 0)
        {
            throw new ArgumentException(
                $"The initial model's networks do not match these options: {string.Join("; ", differences)}. " +
                "Use the model's architecture settings to continue training it.", "initialModel");
        }

        RequireMoreEpochs(model.History.Count, _options.Epochs);
    }

    /// <summary>Continuing trains until <paramref name="epochs"/> in total, so it must exceed the model's <paramref name="completed"/>; shared with the tabular trainer.</summary>
    internal static void RequireMoreEpochs(int completed, int epochs)
    {
        if (completed >= epochs)
        {
            throw new ArgumentException(
                $"The initial model has completed {completed} epochs and Options.Epochs is {epochs}: " +
                $"Epochs counts the model's epochs too, so set it above {completed} to keep training.", "initialModel");
        }
    }

    private static void Validate(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequireName(options.FeatureColumnName, nameof(Options.FeatureColumnName));
        RequireName(options.OutputColumnName, nameof(Options.OutputColumnName));
        if (options.SeedColumnName is not null)
        {
            RequireName(options.SeedColumnName, nameof(Options.SeedColumnName));
        }

        if (options.RealismScoreColumnName is not null)
        {
            RequireName(options.RealismScoreColumnName, nameof(Options.RealismScoreColumnName));
        }

        RequirePositive(options.Epochs, nameof(Options.Epochs));
        RequirePositive(options.BatchSize, nameof(Options.BatchSize));
        if (options.LatentDimension is int latent)
        {
            RequirePositive(latent, nameof(Options.LatentDimension));
        }

        RequirePositive(options.PackSize, nameof(Options.PackSize));
        if (options.CriticSteps is int k)
        {
            RequirePositive(k, nameof(Options.CriticSteps));
        }

        if (options.CheckpointInterval < 0)
        {
            throw Invalid(nameof(Options.CheckpointInterval), options.CheckpointInterval, "must be 0 (only at cancellation) or more.");
        }

        if (options.CheckpointPath is { } checkpoint && string.IsNullOrWhiteSpace(checkpoint))
        {
            throw Invalid(nameof(Options.CheckpointPath), checkpoint, "must be a file path, or null for no checkpoints.");
        }

        if (options.BatchSize % options.PackSize != 0)
        {
            throw Invalid(nameof(Options.BatchSize), options.BatchSize, $"must be a multiple of PackSize ({options.PackSize}).");
        }

        RequireLayers(options.GeneratorHiddenLayers, nameof(Options.GeneratorHiddenLayers));
        RequireLayers(options.DiscriminatorHiddenLayers, nameof(Options.DiscriminatorHiddenLayers));
        RequirePositiveFinite(ResolveGeneratorLearningRate(options), nameof(Options.GeneratorLearningRate));
        RequirePositiveFinite(ResolveDiscriminatorLearningRate(options), nameof(Options.DiscriminatorLearningRate));
        RequirePositiveFinite(options.ClipValue, nameof(Options.ClipValue));
        if (!(options.Beta1 >= 0 && options.Beta1 < 1))
        {
            throw Invalid(nameof(Options.Beta1), options.Beta1, "must be in [0, 1).");
        }

        if (ResolveBeta2(options) is var beta2 && !(beta2 >= 0 && beta2 < 1))
        {
            throw Invalid(nameof(Options.Beta2), beta2, "must be in [0, 1).");
        }

        if (!(options.LeakyReluSlope >= 0 && options.LeakyReluSlope < 1))
        {
            throw Invalid(nameof(Options.LeakyReluSlope), options.LeakyReluSlope, "must be in [0, 1).");
        }

        if (ResolveGradientPenaltyWeight(options) is var penalty && !(penalty >= 0 && double.IsFinite(penalty)))
        {
            throw Invalid(nameof(Options.GradientPenaltyWeight), penalty, "must be finite and at least 0.");
        }

        if (!Enum.IsDefined(options.Network))
        {
            throw Invalid(nameof(Options.Network), options.Network, "is not a GanNetwork value.");
        }

        RequirePositive(options.ConvolutionWidth, nameof(Options.ConvolutionWidth));
        if (options.GeneratorAverageDecay is double decay && !(decay >= 0 && decay < 1))
        {
            throw Invalid(nameof(Options.GeneratorAverageDecay), decay, "must be in [0, 1) (0 for no averaging), or null for the loss's default.");
        }

        if (options.BalanceClasses && options.LabelColumnName is null)
        {
            throw Invalid(nameof(Options.BalanceClasses), true, "balances the classes of a label: set LabelColumnName too.");
        }

        if ((options.DiscriminatorAugmentation & ~(GanImageAugmentation.Color | GanImageAugmentation.Translation | GanImageAugmentation.Cutout)) != 0)
        {
            throw Invalid(nameof(Options.DiscriminatorAugmentation), options.DiscriminatorAugmentation, "is not a combination of GanImageAugmentation flags.");
        }

        if (options.DiscriminatorAugmentation != GanImageAugmentation.None && options.Network != GanNetwork.Dcgan)
        {
            throw Invalid(nameof(Options.DiscriminatorAugmentation), options.DiscriminatorAugmentation, "transforms images: it needs Network = GanNetwork.Dcgan.");
        }

        if (options.Network == GanNetwork.Dcgan && options.DiscriminatorBatchNorm && options.SpectralNormalization)
        {
            throw Invalid(nameof(Options.SpectralNormalization), true, "replaces BatchNorm in the discriminator: set DiscriminatorBatchNorm to false too.");
        }

        if (options.Network == GanNetwork.Dcgan && options.DiscriminatorBatchNorm && options.Loss == GanLoss.WassersteinGradientPenalty)
        {
            throw Invalid(nameof(Options.DiscriminatorBatchNorm), true, "must be false with WassersteinGradientPenalty: the gradient penalty is per sample, and BatchNorm mixes samples.");
        }

        if (options.Network == GanNetwork.Dcgan && options.DiscriminatorBatchNorm && options.Loss == GanLoss.Wasserstein)
        {
            throw Invalid(nameof(Options.DiscriminatorBatchNorm), true, "must be false with Wasserstein: weight clipping would clip BatchNorm's scales too.");
        }

        if (options.LabelColumnName is not null || options.ConditionColumnName is not null)
        {
            ValidateConditioning(options);
        }

        if (options.DiscriminatorCalibrationSteps < 0)
        {
            throw Invalid(nameof(Options.DiscriminatorCalibrationSteps), options.DiscriminatorCalibrationSteps, "must be 0 or more.");
        }

        if (options.Loss is { } loss && !Enum.IsDefined(loss))
        {
            throw Invalid(nameof(Options.Loss), loss, "is not a GanLoss value.");
        }

        if (!Enum.IsDefined(options.GeneratorActivation) || !Enum.IsDefined(options.DiscriminatorActivation))
        {
            throw Invalid(nameof(Options.GeneratorActivation), options.GeneratorActivation, "and DiscriminatorActivation must be GanActivation values.");
        }

        if (!Enum.IsDefined(options.GeneratorOutputActivation))
        {
            throw Invalid(nameof(Options.GeneratorOutputActivation), options.GeneratorOutputActivation, "is not a GanOutputActivation value.");
        }

        if (options.Network == GanNetwork.Dcgan && options.GeneratorOutputActivation != GanOutputActivation.Tanh)
        {
            throw Invalid(nameof(Options.GeneratorOutputActivation), options.GeneratorOutputActivation, "must be Tanh with the Dcgan network (its generator ends with Tanh).");
        }
    }

    private static void ValidateConditioning(Options options)
    {
        if (options.LabelColumnName is not null && options.ConditionColumnName is not null)
        {
            throw Invalid(nameof(Options.ConditionColumnName), options.ConditionColumnName, "and LabelColumnName cannot both be set: condition on a label or on a vector.");
        }

        RequireName(options.LabelColumnName ?? options.ConditionColumnName, options.LabelColumnName is null ? nameof(Options.ConditionColumnName) : nameof(Options.LabelColumnName));
        RequirePositive(options.ConditionEmbeddingDimension, nameof(Options.ConditionEmbeddingDimension));
        if (!Enum.IsDefined(options.ConditionalDiscriminator))
        {
            throw Invalid(nameof(Options.ConditionalDiscriminator), options.ConditionalDiscriminator, "is not a GanConditioning value.");
        }

        if (!(options.MismatchedConditionWeight >= 0 && double.IsFinite(options.MismatchedConditionWeight)))
        {
            throw Invalid(nameof(Options.MismatchedConditionWeight), options.MismatchedConditionWeight, "must be finite and at least 0.");
        }

        if (options.Network == GanNetwork.Dcgan && options.ConditionalDiscriminator != GanConditioning.Concatenation)
        {
            throw Invalid(nameof(Options.ConditionalDiscriminator), options.ConditionalDiscriminator,
                "must be Concatenation with the DCGAN networks: the condition becomes an extra input channel of the discriminator.");
        }

        if (options.PackSize != 1)
        {
            throw Invalid(nameof(Options.PackSize), options.PackSize, "must be 1 for a conditional GAN: a pack would mix conditions.");
        }

        if (options.RealismScoreColumnName is not null)
        {
            throw Invalid(nameof(Options.RealismScoreColumnName), options.RealismScoreColumnName, "is not available for conditional GANs yet: set it to null.");
        }
    }

    private static void RequireName(string? name, string option)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw Invalid(option, name, "must name a column.");
        }
    }

    private static void RequirePositive(int value, string option)
    {
        if (value <= 0)
        {
            throw Invalid(option, value, "must be at least 1.");
        }
    }

    private static void RequirePositiveFinite(double value, string option)
    {
        if (!(value > 0 && double.IsFinite(value)))
        {
            throw Invalid(option, value, "must be a finite number greater than 0.");
        }
    }

    private static void RequireLayers(int[]? layers, string option)
    {
        if (layers is null || layers.Any(width => width <= 0))
        {
            throw Invalid(option, layers is null ? "null" : $"[{string.Join(", ", layers)}]", "must list positive layer widths (an empty list means no hidden layer).");
        }
    }

    private static ArgumentOutOfRangeException Invalid(string option, object? value, string rule) =>
        new($"options.{option}", value, $"GanTrainer.Options.{option} {rule}");
}
