using System;
using System.Threading;

namespace Microsoft.ML.Gan;

public sealed partial class CycleGanTrainer
{
    /// <summary>The defaults shared by <see cref="GanCatalog.CycleGan(string, string, int, double)"/> and <see cref="Options"/>.</summary>
    public static class Defaults
    {
        /// <summary>The image column of both domains.</summary>
        public const string FeatureColumnName = "Features";

        /// <summary>The column of A→B translations.</summary>
        public const string TranslatedToBColumnName = "TranslatedToB";

        /// <summary>The Boolean column that tells the domains apart when both are in one data view.</summary>
        public const string DomainColumnName = "IsDomainB";

        /// <summary>Passes over the smaller domain.</summary>
        public const int Epochs = 10;

        /// <summary>Images per domain in one step.</summary>
        public const int BatchSize = 16;

        /// <summary>Weight λ of the cycle-consistency loss (the paper's 10).</summary>
        public const double CycleWeight = 10;

        /// <summary>The adversarial loss: least squares, as in the paper.</summary>
        public const GanLoss Loss = GanLoss.LeastSquares;
    }

    /// <summary>Every setting of a <see cref="CycleGanTrainer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The column of known-size Single vectors holding one flat channel-major image per row, in both domains.</summary>
        public string FeatureColumnName { get; set; } = Defaults.FeatureColumnName;

        /// <summary>The output column with the A→B translation of <see cref="FeatureColumnName"/>.</summary>
        public string TranslatedToBColumnName { get; set; } = Defaults.TranslatedToBColumnName;

        /// <summary>The output column with the B→A translation of <see cref="FeatureColumnName"/>; null (the default) adds none.</summary>
        public string? TranslatedToAColumnName { get; set; }

        /// <summary>
        /// For <see cref="CycleGanTrainer.Fit(IDataView)"/> (one data view holding both domains): a Boolean column,
        /// false for domain A rows and true for domain B rows.
        /// </summary>
        public string DomainColumnName { get; set; } = Defaults.DomainColumnName;

        /// <summary>Side of the square images (28, 32 or 64); null infers it from the column.</summary>
        public int? ImageSize { get; set; }

        /// <summary>Channels of the images (1 or 3); null infers them from the column.</summary>
        public int? ImageChannels { get; set; }

        /// <summary>Passes over the smaller domain; each step takes one batch from each domain.</summary>
        public int Epochs { get; set; } = Defaults.Epochs;

        /// <summary>Images per domain in one step.</summary>
        public int BatchSize { get; set; } = Defaults.BatchSize;

        /// <summary>The adversarial loss of both directions (any <see cref="GanLoss"/>).</summary>
        public GanLoss Loss { get; set; } = Defaults.Loss;

        /// <summary>Weight λ of the cycle-consistency loss <c>‖F(G(a)) − a‖₁ + ‖G(F(b)) − b‖₁</c>.</summary>
        public double CycleWeight { get; set; } = Defaults.CycleWeight;

        /// <summary>
        /// Weight of the identity loss <c>‖G(b) − b‖₁ + ‖F(a) − a‖₁</c> relative to <see cref="CycleWeight"/> (the paper
        /// used 0.5 to keep colours of photos); 0, the default, turns it off. Leave it off when the true mapping changes
        /// images of the target domain (an intensity inversion, for example).
        /// </summary>
        public double IdentityWeight { get; set; }

        /// <summary>Generated images kept per direction for the discriminators (the paper's 50); 0 for none.</summary>
        public int PoolSize { get; set; } = 50;

        /// <summary>Channels w of the generators' first convolution.</summary>
        public int GeneratorWidth { get; set; } = 16;

        /// <summary>Stride-2 downsamplings (and as many upsamplings) in each generator; the image side must divide by 2 to this power.</summary>
        public int GeneratorDownsamplings { get; set; } = 2;

        /// <summary>Residual blocks at the generators' lowest resolution.</summary>
        public int ResidualBlocks { get; set; } = 3;

        /// <summary>Channels of the PatchGAN discriminators' first convolution.</summary>
        public int DiscriminatorWidth { get; set; } = 16;

        /// <summary>Adam's learning rate, for all four networks.</summary>
        public double LearningRate { get; set; } = 2e-4;

        /// <summary>Adam's β₁.</summary>
        public double Beta1 { get; set; } = 0.5;

        /// <summary>Adam's β₂.</summary>
        public double Beta2 { get; set; } = 0.999;

        /// <summary>Weight clipping bound for <see cref="GanLoss.Wasserstein"/>.</summary>
        public double ClipValue { get; set; } = 0.01;

        /// <summary>Gradient-penalty weight for <see cref="GanLoss.WassersteinGradientPenalty"/>.</summary>
        public double GradientPenaltyWeight { get; set; } = 10;

        /// <summary>Seed of the weights, batch order and image pool; null takes one from the <see cref="MLContext"/>.</summary>
        public int? Seed { get; set; }

        /// <summary>Receives a summary after every epoch.</summary>
        public IProgress<CycleGanEpochSummary>? Progress { get; set; }

        /// <summary>Stops training between two steps with an <see cref="OperationCanceledException"/>.</summary>
        public CancellationToken CancellationToken { get; set; }
    }
}
