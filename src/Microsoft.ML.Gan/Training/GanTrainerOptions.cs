using System;
using System.Threading;

namespace Microsoft.ML.Gan;

public sealed partial class GanTrainer
{
    /// <summary>
    /// Options for <see cref="GanTrainer"/>. Every field has a documented default, so <c>new Options()</c> trains.
    /// </summary>
    public sealed class Options
    {
        /// <summary>The known-size vector of <see cref="float"/> to imitate. Default <c>Features</c>.</summary>
        public string FeatureColumnName = Defaults.FeatureColumnName;

        /// <summary>The generated vector column that <see cref="GanTransformer.Transform"/> adds. Default <c>Generated</c>.</summary>
        public string OutputColumnName = Defaults.OutputColumnName;

        /// <summary>
        /// An optional integer column (<see cref="int"/>, <see cref="long"/>, <see cref="uint"/> or <see cref="ulong"/>)
        /// whose value seeds the latent vector of each row at generation. When <see langword="null"/> (the default) the
        /// row's position in the cursor is used, so the n-th row always receives the same sample.
        /// </summary>
        public string? SeedColumnName;

        /// <summary>
        /// When set, <see cref="GanTransformer.Transform"/> also adds a <see cref="float"/> column of this name that scores
        /// how real each input row's feature vector looks to the trained discriminator (its raw output: a logit, or a
        /// critic value for the Wasserstein losses; higher is more real). The input then needs the feature column.
        /// Default <see langword="null"/> (off).
        /// </summary>
        public string? RealismScoreColumnName;

        /// <summary>
        /// Makes the GAN conditional on a class label: a key column (strings become keys upstream with
        /// <c>mlContext.Transforms.Conversion.MapValueToKey</c>) or an <see cref="int"/>, <see cref="long"/> or
        /// <see cref="uint"/> column of classes 0 … K − 1 (K = largest training value + 1). Each label is one-hot coded
        /// and embedded (<see cref="ConditionEmbeddingDimension"/>); the generator sees it joined to the latent vector,
        /// the discriminator as chosen by <see cref="ConditionalDiscriminator"/>. <see cref="GanTransformer.Transform"/>
        /// then reads the label of every input row, and <see cref="GanTransformer.GeneratePerClass(long, long)"/> makes a count per
        /// class. Default <see langword="null"/> (not conditional). With the DCGAN networks the discriminator reads the
        /// embedded condition as an extra input channel.
        /// </summary>
        public string? LabelColumnName;

        /// <summary>
        /// Makes the GAN conditional on a known-size <see cref="float"/> vector column instead of a label, for example
        /// text features from <c>FeaturizeText</c> (so text-to-data generation is one pipeline). Values are used as they
        /// are: normalise them upstream. Default <see langword="null"/>. At most one of this and
        /// <see cref="LabelColumnName"/>.
        /// </summary>
        public string? ConditionColumnName;

        /// <summary>Width of the learnt linear embedding of the condition, in each network. Default 16.</summary>
        public int ConditionEmbeddingDimension = Defaults.ConditionEmbeddingDimension;

        /// <summary>
        /// How a conditional discriminator reads the condition: <see cref="GanConditioning.Concatenation"/> (the
        /// default; the embedded condition is joined to the row) or <see cref="GanConditioning.Projection"/> (the
        /// embedded condition's inner product with D's last hidden features is added to its output).
        /// </summary>
        public GanConditioning ConditionalDiscriminator = GanConditioning.Concatenation;

        /// <summary>
        /// Weight <c>w</c> of the matching-aware term: besides real rows with their own condition (real) and generated
        /// rows with theirs (fake), the discriminator also sees real rows with a mismatched condition and is taught to
        /// call them fake: its loss gains <c>w × L_fake(D(x, ĉ))</c>. A mismatched label is another class, drawn
        /// uniformly; a mismatched vector is the condition of the next row in the batch. Default 0 (off); 1 weighs the
        /// three kinds of pair equally.
        /// </summary>
        public double MismatchedConditionWeight;

        /// <summary>
        /// For a label-conditional GAN: draw the training rows and the generator's conditions with every class present
        /// equally likely (with replacement, so the rows of a small class come round several times an epoch) instead of as
        /// often as the data have them. A class with 1% of the rows then trains as often as the largest; what augmenting
        /// rare classes needs, at the price of a model whose unconditional class rates are no longer the data's. Default
        /// <see langword="false"/>.
        /// </summary>
        public bool BalanceClasses;

        /// <summary>
        /// The adversarial objective. When <see langword="null"/> (the default): <see cref="GanLoss.Minimax"/> with
        /// <see cref="GanNetwork.Mlp"/> (at its higher learning rate, below) and <see cref="GanLoss.NonSaturating"/> with
        /// <see cref="GanNetwork.Dcgan"/>. On vectors minimax learned every target measured (docs/TRAINING.md): all 8 modes
        /// of the 8-Gaussian ring, where the non-saturating loss kept 6 or 7, and MNIST digits as flat vectors, where the
        /// non-saturating loss at its learning rate collapsed onto a few digits. Convolutional networks keep the
        /// non-saturating generator loss of the original paper, which the image defaults were measured with.
        /// </summary>
        public GanLoss? Loss;

        /// <summary>Passes over the training data. Default 200.</summary>
        public int Epochs = Defaults.Epochs;

        /// <summary>Real rows per discriminator step; the last incomplete batch of an epoch is skipped. Default 64.</summary>
        public int BatchSize = Defaults.BatchSize;

        /// <summary>
        /// Discriminator (critic) steps per generator step, the <c>k</c> of the original algorithm. Each step reads a
        /// fresh batch of real rows. When <see langword="null"/> (the default): 5 for <see cref="GanLoss.Wasserstein"/>
        /// and for <see cref="GanLoss.WassersteinGradientPenalty"/> with <see cref="GanNetwork.Dcgan"/>, as in their
        /// papers; 2 for <see cref="GanLoss.WassersteinGradientPenalty"/> with <see cref="GanNetwork.Mlp"/> (with its
        /// higher learning rate, below); 1 otherwise.
        /// </summary>
        public int? CriticSteps;

        /// <summary>
        /// The network family: <see cref="GanNetwork.Mlp"/> (the default) for any vector, <see cref="GanNetwork.Dcgan"/>
        /// for images (the feature column holds ExtractPixels-style channel-major pixels).
        /// </summary>
        public GanNetwork Network = GanNetwork.Mlp;

        /// <summary>
        /// DCGAN image side (28, 32 or 64). When <see langword="null"/> (the default) it comes from the feature column:
        /// its dimensions as <c>ExtractPixels</c> declares them, or its length when only one square shape fits.
        /// </summary>
        public int? ImageSize;

        /// <summary>DCGAN image channels (1 or 3); inferred like <see cref="ImageSize"/> when <see langword="null"/>.</summary>
        public int? ImageChannels;

        /// <summary>DCGAN feature maps of the widest layer near the image (doubled towards the latent end). Default 64.</summary>
        public int ConvolutionWidth = 64;

        /// <summary>
        /// BatchNorm in the DCGAN discriminator. Default <see langword="true"/>; turn it off for
        /// <see cref="GanLoss.WassersteinGradientPenalty"/> (the penalty is per sample) and for <see cref="SpectralNormalization"/>.
        /// </summary>
        public bool DiscriminatorBatchNorm = true;

        /// <summary>Spectral normalisation (one power iteration per step) of every DCGAN discriminator layer. Default off.</summary>
        public bool SpectralNormalization;

        /// <summary>
        /// DiffAugment for a DCGAN: random differentiable transformations of every image the discriminator sees in
        /// training, real and generated alike (<see cref="GanImageAugmentation"/>; Zhao et al. recommend
        /// <c>Color | Translation | Cutout</c> for small data sets). Generation, realism scores and rejection see the
        /// untransformed images. Default <see cref="GanImageAugmentation.None"/>.
        /// </summary>
        public GanImageAugmentation DiscriminatorAugmentation = GanImageAugmentation.None;

        /// <summary>
        /// When set above 0, generation uses an exponential moving average of the generator's weights with this decay
        /// (for example 0.999), updated after every generator step; it is usually smoother than the raw weights. 0 turns
        /// averaging off. When <see langword="null"/> (the default): on for <see cref="GanNetwork.Mlp"/>, off for
        /// <see cref="GanNetwork.Dcgan"/>. The default decay is 0.999 after a warm-up: at generator step t it is
        /// min(0.999, (1 + t) / (10 + t)), so a short run averages roughly its last tenth instead of keeping its initial
        /// weights, and a resumed run averages as the uninterrupted one would (a value set here applies from the first
        /// step). It removes the jitter of the last steps: on the PacGAN ring the default loss put 92% of its samples
        /// within 3σ of a mode with it and 81% without (docs/TRAINING.md).
        /// </summary>
        public double? GeneratorAverageDecay;

        /// <summary>
        /// After the last epoch, this many more discriminator steps on random real rows against the generator that
        /// generation uses (the moving average when <see cref="GeneratorAverageDecay"/> is set), which stays fixed. D at the
        /// end of alternating training judges where the generator was a moment ago (it mostly tells which modes are over-
        /// or under-produced); calibrated, it judges the final generator, which is what
        /// <see cref="GanGenerationOptions.DiscriminatorRejection"/> needs (Azadi et al. 2019 fine-tune D the same way).
        /// The saved D is the calibrated one. A conditional model's steps draw rows (and with them conditions) as training
        /// does. Default 0 (none).
        /// </summary>
        public int DiscriminatorCalibrationSteps;

        /// <summary>
        /// Dimension of the standard normal latent vector <c>z</c>. When <see langword="null"/> (the default): for
        /// <see cref="GanNetwork.Mlp"/> the length of the feature vector, at most <see cref="Defaults.LatentDimension"/>
        /// (64); for <see cref="GanNetwork.Dcgan"/> 64. A latent as wide as low-dimensional data keeps the generator's
        /// samples on the modes: on the 25-Gaussian grid latent 2 gave 90% of samples within 3σ of a mode where 64 gave
        /// 57% (docs/TRAINING.md).
        /// </summary>
        public int? LatentDimension;

        /// <summary>Widths of the generator's hidden layers. Default <c>[256, 256]</c>.</summary>
        public int[] GeneratorHiddenLayers = [256, 256];

        /// <summary>Widths of the discriminator's hidden layers. Default <c>[256, 256]</c>.</summary>
        public int[] DiscriminatorHiddenLayers = [256, 256];

        /// <summary>Activation between the generator's hidden layers. Default <see cref="GanActivation.Relu"/>.</summary>
        public GanActivation GeneratorActivation = Defaults.GeneratorActivation;

        /// <summary>
        /// The generator's last layer for <see cref="GanNetwork.Mlp"/>. Default <see cref="GanOutputActivation.Tanh"/>;
        /// the DCGAN generator always ends with Tanh.
        /// </summary>
        public GanOutputActivation GeneratorOutputActivation = Defaults.GeneratorOutputActivation;

        /// <summary>Activation between the discriminator's hidden layers. Default <see cref="GanActivation.LeakyRelu"/>.</summary>
        public GanActivation DiscriminatorActivation = Defaults.DiscriminatorActivation;

        /// <summary>Negative slope of <see cref="GanActivation.LeakyRelu"/>. Default 0.2.</summary>
        public double LeakyReluSlope = Defaults.LeakyReluSlope;

        /// <summary>
        /// Adam learning rate of the generator. When <see langword="null"/> (the default): 2e-4, and 5e-4 for
        /// <see cref="GanLoss.WassersteinGradientPenalty"/> and <see cref="GanLoss.Minimax"/> with
        /// <see cref="GanNetwork.Mlp"/>, with the generator average every MLP GAN has (<see cref="GeneratorAverageDecay"/>):
        /// at 2e-4 (and at the WGAN-GP paper's 1e-4) the critic's generator left most samples between the modes of the
        /// 25-Gaussian grid in a budget the other losses learn it in, and the higher rate with averaging put minimax's
        /// samples on the ring's modes (96% within 3σ against 82%; docs/TRAINING.md).
        /// </summary>
        public double? GeneratorLearningRate;

        /// <summary>
        /// Adam learning rate of the discriminator; set it apart from <see cref="GeneratorLearningRate"/> for the
        /// two time-scale update rule (TTUR). When <see langword="null"/> (the default): 1e-3 for a packed
        /// <see cref="GanNetwork.Mlp"/> discriminator (<see cref="PackSize"/> above 1), which sees that many times fewer
        /// examples per step (at 2e-4 PackSize 4 lagged the unpacked D on the grid, docs/TRAINING.md); otherwise the
        /// generator's default (2e-4, or 5e-4 for an MLP WGAN-GP or minimax GAN).
        /// </summary>
        public double? DiscriminatorLearningRate;

        /// <summary>Adam's first-moment decay β₁ for both networks. Default 0.5, as is usual for GANs.</summary>
        public double Beta1 = Defaults.Beta1;

        /// <summary>
        /// Adam's second-moment decay β₂ for both networks. When <see langword="null"/> (the default): 0.999, and 0.9 for
        /// <see cref="GanLoss.WassersteinGradientPenalty"/> with <see cref="GanNetwork.Mlp"/>, the WGAN-GP paper's setting.
        /// </summary>
        public double? Beta2;

        /// <summary>
        /// Packing: the discriminator judges this many samples together (PacGAN, CTGAN), which penalises a generator that
        /// repeats itself. The MLP discriminator passes each sample through one shared first layer and reads their features
        /// concatenated; the DCGAN one stacks the images' channels. <see cref="BatchSize"/> must be a multiple of it.
        /// Default 1 (off).
        /// </summary>
        public int PackSize = 1;

        /// <summary>Weight clipping bound <c>c</c> for <see cref="GanLoss.Wasserstein"/>. Default 0.01.</summary>
        public double ClipValue = Defaults.ClipValue;

        /// <summary>
        /// Penalty weight λ for <see cref="GanLoss.WassersteinGradientPenalty"/>. When <see langword="null"/> (the
        /// default): 10 for <see cref="GanNetwork.Dcgan"/> and 0.1 for <see cref="GanNetwork.Mlp"/>, the WGAN-GP paper's
        /// image and toy-data settings.
        /// </summary>
        public double? GradientPenaltyWeight;

        /// <summary>
        /// Seed for weights, shuffling and noise. When <see langword="null"/> (the default) it is drawn from the
        /// <see cref="MLContext"/>'s seed, so <c>new MLContext(seed: 1)</c> makes training reproducible.
        /// </summary>
        public int? Seed;

        /// <summary>
        /// Where to write checkpoints: an ML.NET model zip that <c>mlContext.Model.Load</c> reads (after
        /// <c>mlContext.Gan()</c>) and <see cref="GanTrainer.Fit(IDataView, GanTransformer)"/> continues exactly. Written
        /// every <see cref="CheckpointInterval"/> epochs and when training is canceled, replacing the previous one
        /// atomically. Default <see langword="null"/> (no checkpoints).
        /// </summary>
        public string? CheckpointPath;

        /// <summary>Epochs between checkpoints; 0 writes one only at cancellation. Default 10.</summary>
        public int CheckpointInterval = 10;

        /// <summary>Receives a summary after every epoch. Default <see langword="null"/>.</summary>
        public IProgress<GanEpochSummary>? Progress;

        /// <summary>
        /// Stops training between two steps. Training then throws <see cref="GanTrainingCanceledException"/>, which
        /// carries the model as trained so far.
        /// </summary>
        public CancellationToken CancellationToken;
    }

    /// <summary>The default values of <see cref="Options"/>, shared by every overload of the catalog.</summary>
    public static class Defaults
    {
        /// <summary>Default of <see cref="Options.ConditionEmbeddingDimension"/>.</summary>
        public const int ConditionEmbeddingDimension = 16;

        /// <summary>Default of <see cref="Options.FeatureColumnName"/>.</summary>
        public const string FeatureColumnName = "Features";

        /// <summary>Default of <see cref="Options.OutputColumnName"/>.</summary>
        public const string OutputColumnName = "Generated";

        /// <summary>Default of <see cref="Options.Loss"/> for <see cref="GanNetwork.Mlp"/>.</summary>
        public const GanLoss MlpLoss = GanLoss.Minimax;

        /// <summary>Default of <see cref="Options.Loss"/> for <see cref="GanNetwork.Dcgan"/>.</summary>
        public const GanLoss DcganLoss = GanLoss.NonSaturating;

        /// <summary>Default of <see cref="Options.Epochs"/>.</summary>
        public const int Epochs = 200;

        /// <summary>Default of <see cref="Options.BatchSize"/>.</summary>
        public const int BatchSize = 64;

        /// <summary>Default of <see cref="Options.LatentDimension"/> for images, and its most for vectors.</summary>
        public const int LatentDimension = 64;

        /// <summary>Default of <see cref="Options.GeneratorActivation"/>.</summary>
        public const GanActivation GeneratorActivation = GanActivation.Relu;

        /// <summary>Default of <see cref="Options.GeneratorOutputActivation"/>.</summary>
        public const GanOutputActivation GeneratorOutputActivation = GanOutputActivation.Tanh;

        /// <summary>Default of <see cref="Options.DiscriminatorActivation"/>.</summary>
        public const GanActivation DiscriminatorActivation = GanActivation.LeakyRelu;

        /// <summary>Default of <see cref="Options.LeakyReluSlope"/>.</summary>
        public const double LeakyReluSlope = 0.2;

        /// <summary>Default of <see cref="Options.GeneratorLearningRate"/> and <see cref="Options.DiscriminatorLearningRate"/>.</summary>
        public const double LearningRate = 2e-4;

        /// <summary>
        /// Default of both learning rates for <see cref="GanLoss.WassersteinGradientPenalty"/> and
        /// <see cref="GanLoss.Minimax"/> with MLP networks.
        /// </summary>
        public const double MlpHigherLearningRate = 5e-4;

        /// <summary>Default of <see cref="Options.DiscriminatorLearningRate"/> for a packed MLP discriminator.</summary>
        public const double PackedDiscriminatorLearningRate = 1e-3;

        /// <summary>Default of <see cref="Options.Beta1"/>.</summary>
        public const double Beta1 = 0.5;

        /// <summary>Default of <see cref="Options.Beta2"/>.</summary>
        public const double Beta2 = 0.999;

        /// <summary>Default of <see cref="Options.Beta2"/> for <see cref="GanLoss.WassersteinGradientPenalty"/> with MLP networks.</summary>
        public const double MlpGradientPenaltyBeta2 = 0.9;

        /// <summary>Default of <see cref="Options.ClipValue"/>.</summary>
        public const double ClipValue = 0.01;

        /// <summary>Default of <see cref="Options.GradientPenaltyWeight"/> for <see cref="GanNetwork.Dcgan"/>.</summary>
        public const double GradientPenaltyWeight = 10;

        /// <summary>Default of <see cref="Options.GradientPenaltyWeight"/> for <see cref="GanNetwork.Mlp"/>.</summary>
        public const double MlpGradientPenaltyWeight = 0.1;

        /// <summary>Default of <see cref="Options.CriticSteps"/> for the Wasserstein losses (WGAN-GP: with DCGAN networks).</summary>
        public const int WassersteinCriticSteps = 5;

        /// <summary>Default of <see cref="Options.CriticSteps"/> for <see cref="GanLoss.WassersteinGradientPenalty"/> with MLP networks.</summary>
        public const int MlpGradientPenaltyCriticSteps = 2;

        /// <summary>
        /// Default of <see cref="Options.GeneratorAverageDecay"/> for MLP networks, reached after a warm-up (see there).
        /// </summary>
        public const double MlpGeneratorAverageDecay = 0.999;
    }
}
