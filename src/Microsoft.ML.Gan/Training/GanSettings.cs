using System.Collections.Generic;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>
/// The part of <see cref="GanTrainer.Options"/> a fitted model keeps: everything needed to rebuild its networks, generate
/// and keep training (callbacks and tokens are not kept). Saved in model zips.
/// </summary>
internal sealed record GanSettings
{
    public required string FeatureColumnName { get; init; }

    public required string OutputColumnName { get; init; }

    public string? SeedColumnName { get; init; }

    public string? RealismScoreColumnName { get; init; }

    public required int FeatureDimension { get; init; }

    public required int LatentDimension { get; init; }

    public required IReadOnlyList<int> GeneratorHiddenLayers { get; init; }

    public required IReadOnlyList<int> DiscriminatorHiddenLayers { get; init; }

    public required GanActivation GeneratorActivation { get; init; }

    public required GanActivation DiscriminatorActivation { get; init; }

    /// <summary>Tanh when absent (models saved before the option existed).</summary>
    public GanOutputActivation GeneratorOutputActivation { get; init; }

    public required double LeakyReluSlope { get; init; }

    public required int PackSize { get; init; }

    /// <summary>
    /// Whether a packed MLP discriminator reads each row of a pack through one shared first layer; false in models saved
    /// before it did (their first layer reads the concatenated rows), which keep that layout when loaded or continued.
    /// </summary>
    public bool SharedPackLayer { get; init; }

    public GanNetwork Network { get; init; }

    public int ImageSize { get; init; }

    public int ImageChannels { get; init; }

    public int ConvolutionWidth { get; init; } = 64;

    public bool DiscriminatorBatchNorm { get; init; }

    public bool SpectralNormalization { get; init; }

    /// <summary>DiffAugment on D's training inputs; none when absent (models saved before the option existed).</summary>
    public GanImageAugmentation DiscriminatorAugmentation { get; init; }

    public double? GeneratorAverageDecay { get; init; }

    /// <summary>
    /// Whether the average's decay at generator step t is min(<see cref="GeneratorAverageDecay"/>, (1 + t) / (10 + t)), so
    /// a short run averages its last tenth or so rather than keeping its initial weights (the MLP default); false in
    /// models saved before it existed.
    /// </summary>
    public bool GeneratorAverageWarmUp { get; init; }

    /// <summary>What the GAN is conditioned on; <see cref="ConditionKind.None"/> for an unconditional GAN.</summary>
    public ConditionKind Condition { get; init; }

    /// <summary>The label or condition column, when conditional.</summary>
    public string? ConditionColumnName { get; init; }

    /// <summary>The condition's width as the networks see it: K classes one-hot, or the condition vector's size.</summary>
    public int ConditionDimension { get; init; }

    public int ConditionEmbeddingDimension { get; init; }

    public GanConditioning ConditionalDiscriminator { get; init; }

    public double MismatchedConditionWeight { get; init; }

    /// <summary>Rows and conditions drawn class-balanced in training; false when absent (models saved before).</summary>
    public bool BalanceClasses { get; init; }

    public bool IsConditional => Condition != ConditionKind.None;

    /// <summary>Whether the condition is a class label (one-hot of <see cref="ConditionDimension"/> classes).</summary>
    public bool IsLabelConditional => IsConditional && Condition != ConditionKind.Vector;

    /// <summary>Whether D normalises over the batch, so real and fake rows must go through it separately.</summary>
    public bool DiscriminatorUsesBatchStatistics => Network == GanNetwork.Dcgan && DiscriminatorBatchNorm;

    public required GanLoss Loss { get; init; }

    public required int BatchSize { get; init; }

    public required int CriticSteps { get; init; }

    public required double GeneratorLearningRate { get; init; }

    public required double DiscriminatorLearningRate { get; init; }

    public required double Beta1 { get; init; }

    public required double Beta2 { get; init; }

    public required double ClipValue { get; init; }

    public required double GradientPenaltyWeight { get; init; }

    public static GanSettings From(GanTrainer.Options options, int featureDimension, (int Size, int Channels)? image = null,
        (ConditionKind Kind, int Dimension)? condition = null) => new()
        {
            Condition = condition?.Kind ?? ConditionKind.None,
            ConditionColumnName = condition is null ? null : options.LabelColumnName ?? options.ConditionColumnName,
            ConditionDimension = condition?.Dimension ?? 0,
            ConditionEmbeddingDimension = options.ConditionEmbeddingDimension,
            ConditionalDiscriminator = options.ConditionalDiscriminator,
            MismatchedConditionWeight = options.MismatchedConditionWeight,
            BalanceClasses = options.BalanceClasses,
            Network = options.Network,
            ImageSize = image?.Size ?? 0,
            ImageChannels = image?.Channels ?? 0,
            ConvolutionWidth = options.ConvolutionWidth,
            DiscriminatorBatchNorm = options.DiscriminatorBatchNorm,
            SpectralNormalization = options.SpectralNormalization,
            DiscriminatorAugmentation = options.DiscriminatorAugmentation,
            GeneratorAverageDecay = GanTrainer.ResolveGeneratorAverage(options).Decay,
            GeneratorAverageWarmUp = GanTrainer.ResolveGeneratorAverage(options).WarmUp,
            FeatureColumnName = options.FeatureColumnName,
            OutputColumnName = options.OutputColumnName,
            SeedColumnName = options.SeedColumnName,
            RealismScoreColumnName = options.RealismScoreColumnName,
            FeatureDimension = featureDimension,
            LatentDimension = GanTrainer.ResolveLatentDimension(options, featureDimension),
            GeneratorHiddenLayers = [.. options.GeneratorHiddenLayers],
            DiscriminatorHiddenLayers = [.. options.DiscriminatorHiddenLayers],
            GeneratorActivation = options.GeneratorActivation,
            DiscriminatorActivation = options.DiscriminatorActivation,
            GeneratorOutputActivation = options.GeneratorOutputActivation,
            LeakyReluSlope = options.LeakyReluSlope,
            PackSize = options.PackSize,
            SharedPackLayer = true,
            Loss = GanTrainer.ResolveLoss(options),
            BatchSize = options.BatchSize,
            CriticSteps = GanTrainer.ResolveCriticSteps(options),
            GeneratorLearningRate = GanTrainer.ResolveGeneratorLearningRate(options),
            DiscriminatorLearningRate = GanTrainer.ResolveDiscriminatorLearningRate(options),
            Beta1 = options.Beta1,
            Beta2 = GanTrainer.ResolveBeta2(options),
            ClipValue = options.ClipValue,
            GradientPenaltyWeight = GanTrainer.ResolveGradientPenaltyWeight(options),
        };

    /// <summary>
    /// Builds the generator these settings describe: rows of <see cref="FeatureDimension"/> values in [−1, 1] from latent
    /// vectors. With <paramref name="random"/> its weights are initialised from it; without, they are to be loaded.
    /// </summary>
    public nn.Module<Tensor, Tensor> CreateGenerator(Generator? random = null)
    {
        if (Network == GanNetwork.Dcgan)
        {
            nn.Module<Tensor, Tensor> convolutional = IsConditional
                ? ConditionJoinedNetwork.DcganGenerator(LatentDimension, ConditionDimension, ConditionEmbeddingDimension, ImageSize, ImageChannels, ConvolutionWidth)
                : new DcganGenerator(LatentDimension, ImageSize, ImageChannels, ConvolutionWidth);
            if (random is not null)
            {
                DcganLayers.Initialize(convolutional, random);
            }

            return convolutional;
        }

        nn.Module<Tensor, Tensor> generator = IsConditional
            ? ConditionJoinedNetwork.MlpGenerator(LatentDimension, ConditionDimension, ConditionEmbeddingDimension, [.. GeneratorHiddenLayers], FeatureDimension,
                GeneratorActivation, LeakyReluSlope, GeneratorOutputActivation)
            : new MlpGenerator(LatentDimension, [.. GeneratorHiddenLayers], FeatureDimension, GeneratorActivation, LeakyReluSlope, GeneratorOutputActivation);
        if (random is not null)
        {
            MlpLayers.InitializeLinearLayers(generator, random);
        }

        return generator;
    }

    /// <summary>Builds the discriminator these settings describe: one raw score per pack of rows.</summary>
    public nn.Module<Tensor, Tensor> CreateDiscriminator(Generator? random = null)
    {
        if (Network == GanNetwork.Dcgan)
        {
            nn.Module<Tensor, Tensor> convolutional = IsConditional
                ? ConditionJoinedNetwork.DcganDiscriminator(ConditionDimension, ImageSize, ImageChannels, ConvolutionWidth, DiscriminatorBatchNorm,
                    SpectralNormalization, LeakyReluSlope)
                : new DcganDiscriminator(ImageSize, ImageChannels, ConvolutionWidth, DiscriminatorBatchNorm, SpectralNormalization, LeakyReluSlope, PackSize);
            if (random is not null)
            {
                DcganLayers.Initialize(convolutional, random);
            }

            return convolutional;
        }

        nn.Module<Tensor, Tensor> discriminator = (IsConditional, ConditionalDiscriminator) switch
        {
            (true, GanConditioning.Projection) => new ProjectionMlpDiscriminator(FeatureDimension, ConditionDimension, [.. DiscriminatorHiddenLayers],
                DiscriminatorActivation, LeakyReluSlope),
            (true, _) => ConditionJoinedNetwork.MlpDiscriminator(FeatureDimension, ConditionDimension, ConditionEmbeddingDimension, [.. DiscriminatorHiddenLayers],
                DiscriminatorActivation, LeakyReluSlope),
            _ => new MlpDiscriminator(FeatureDimension, PackSize, [.. DiscriminatorHiddenLayers], DiscriminatorActivation, LeakyReluSlope, SharedPackLayer),
        };
        if (random is not null)
        {
            MlpLayers.InitializeLinearLayers(discriminator, random);
        }

        return discriminator;
    }

    /// <summary>
    /// The differences that stop weights trained with these settings from fitting networks built with <paramref name="other"/>.
    /// </summary>
    public IEnumerable<string> ArchitectureDifferences(GanSettings other)
    {
        if (FeatureDimension != other.FeatureDimension)
        {
            yield return $"feature dimension {FeatureDimension} vs {other.FeatureDimension}";
        }

        if (LatentDimension != other.LatentDimension)
        {
            yield return $"LatentDimension {LatentDimension} vs {other.LatentDimension}";
        }

        if (!System.Linq.Enumerable.SequenceEqual(GeneratorHiddenLayers, other.GeneratorHiddenLayers))
        {
            yield return $"GeneratorHiddenLayers [{string.Join(", ", GeneratorHiddenLayers)}] vs [{string.Join(", ", other.GeneratorHiddenLayers)}]";
        }

        if (!System.Linq.Enumerable.SequenceEqual(DiscriminatorHiddenLayers, other.DiscriminatorHiddenLayers))
        {
            yield return $"DiscriminatorHiddenLayers [{string.Join(", ", DiscriminatorHiddenLayers)}] vs [{string.Join(", ", other.DiscriminatorHiddenLayers)}]";
        }

        if (Network != other.Network || ImageSize != other.ImageSize || ImageChannels != other.ImageChannels || ConvolutionWidth != other.ConvolutionWidth)
        {
            yield return $"{Network} {ImageChannels}×{ImageSize}×{ImageSize} width {ConvolutionWidth} vs {other.Network} {other.ImageChannels}×{other.ImageSize}×{other.ImageSize} width {other.ConvolutionWidth}";
        }

        if (GeneratorOutputActivation != other.GeneratorOutputActivation)
        {
            yield return $"GeneratorOutputActivation {GeneratorOutputActivation} vs {other.GeneratorOutputActivation}";
        }

        if (DiscriminatorBatchNorm != other.DiscriminatorBatchNorm || SpectralNormalization != other.SpectralNormalization)
        {
            yield return "discriminator normalisation (BatchNorm, spectral norm)";
        }

        if (GeneratorAverageDecay.HasValue != other.GeneratorAverageDecay.HasValue)
        {
            yield return $"GeneratorAverageDecay {GeneratorAverageDecay?.ToString() ?? "off"} vs {other.GeneratorAverageDecay?.ToString() ?? "off"}";
        }

        if (Condition != other.Condition || ConditionDimension != other.ConditionDimension
            || ConditionEmbeddingDimension != other.ConditionEmbeddingDimension || ConditionalDiscriminator != other.ConditionalDiscriminator)
        {
            yield return $"condition {Condition} of {ConditionDimension} (embedding {ConditionEmbeddingDimension}, {ConditionalDiscriminator}) vs " +
                $"{other.Condition} of {other.ConditionDimension} (embedding {other.ConditionEmbeddingDimension}, {other.ConditionalDiscriminator})";
        }

        if (PackSize != other.PackSize)
        {
            yield return $"PackSize {PackSize} vs {other.PackSize}";
        }
    }
}
