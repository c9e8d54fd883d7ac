using System;
using System.Threading;

namespace Microsoft.ML.Gan;

public sealed partial class TabularGanTrainer
{
    /// <summary>
    /// Options for <see cref="TabularGanTrainer"/>. The defaults are CTGAN's (Xu et al., 2019, and its reference
    /// implementation), so <c>new Options()</c> trains a CTGAN on every column of the data.
    /// </summary>
    public sealed class Options
    {
        /// <summary>
        /// The columns to model, in the order generated rows will have them; <see langword="null"/> (the default) models
        /// every visible column of the training data. Each must be Single, Double, Int32, Int64, Boolean, text or a key of
        /// UInt32.
        /// </summary>
        public string[]? ColumnNames;

        /// <summary>Passes over the training data; when continuing a model, the total including its epochs. Default 300 (CTGAN's).</summary>
        public int Epochs = Defaults.Epochs;

        /// <summary>
        /// Rows per step, for the critic and for the generator. Default 500 (CTGAN's); it must be a multiple of
        /// <see cref="PackSize"/>. A table with fewer rows trains on batches of all its rows, rounded down to a multiple of
        /// <see cref="PackSize"/>. An epoch is <c>max(1, rows / BatchSize)</c> steps.
        /// </summary>
        public int BatchSize = Defaults.BatchSize;

        /// <summary>
        /// PacGAN packing: rows the critic judges together. Default 1 (no packing). CTGAN packs 10; on both bundled tables
        /// (credit-g, ticdata) packing 10 rows gave lower column shapes, pair trends and train-on-synthetic AUC than no
        /// packing at equal steps (docs/TABULAR.md).
        /// </summary>
        public int PackSize = Defaults.PackSize;

        /// <summary>Length of the generator's normal latent vector. Default 128.</summary>
        public int LatentDimension = Defaults.LatentDimension;

        /// <summary>Widths of the generator's residual blocks. Default [256, 256].</summary>
        public int[] GeneratorHiddenLayers = [256, 256];

        /// <summary>Widths of the critic's hidden layers (each LeakyReLU then dropout). Default [256, 256].</summary>
        public int[] CriticHiddenLayers = [256, 256];

        /// <summary>Adam learning rate of the generator. Default 2e-4.</summary>
        public double GeneratorLearningRate = Defaults.LearningRate;

        /// <summary>Adam learning rate of the critic. Default 2e-4.</summary>
        public double CriticLearningRate = Defaults.LearningRate;

        /// <summary>Adam β₁. Default 0.5.</summary>
        public double Beta1 = Defaults.Beta1;

        /// <summary>Adam β₂. Default 0.9.</summary>
        public double Beta2 = Defaults.Beta2;

        /// <summary>L2 weight decay of both optimisers (added to the gradient, as <c>torch.optim.Adam</c> does). Default 1e-6.</summary>
        public double WeightDecay = Defaults.WeightDecay;

        /// <summary>Weight λ of the WGAN-GP gradient penalty. Default 10.</summary>
        public double GradientPenaltyWeight = Defaults.GradientPenaltyWeight;

        /// <summary>Critic steps per generator step. Default 1 (CTGAN's).</summary>
        public int CriticSteps = 1;

        /// <summary>Slope of the critic's LeakyReLU. Default 0.2.</summary>
        public double LeakyReluSlope = Defaults.LeakyReluSlope;

        /// <summary>Dropout probability after each critic hidden layer (0 for none). Default 0.5.</summary>
        public double CriticDropout = Defaults.CriticDropout;

        /// <summary>Temperature of the Gumbel-softmax over the generator's one-hot outputs during training. Default 0.2.</summary>
        public double GumbelTemperature = Defaults.GumbelTemperature;

        /// <summary>Most Gaussian modes per continuous column. Default 10.</summary>
        public int MaxModes = Defaults.MaxModes;

        /// <summary>
        /// Concentration α₀ of the symmetric Dirichlet prior on a continuous column's mode weights; small values let
        /// unneeded modes die. Default 0.001.
        /// </summary>
        public double ModeWeightConcentration = Defaults.ModeWeightConcentration;

        /// <summary>Modes whose weight ends below this are dropped. Default 0.005.</summary>
        public double ModeWeightThreshold = Defaults.ModeWeightThreshold;

        /// <summary>
        /// A numeric column with at most this many distinct values (NaN counting as one) is modelled as categorical over
        /// its values instead of by mode-specific normalisation, so codes such as 1–4 come back exactly at their rates
        /// (and can be conditioned on). 0 models every numeric column as continuous, as CTGAN does. Default 16.
        /// </summary>
        public int DiscreteValueLimit = Defaults.DiscreteValueLimit;

        /// <summary>
        /// Decay of an exponential moving average of the generator's weights, updated after every generator step (the
        /// decay at step t is min(decay, (1 + t) / (10 + t)), so short runs average recent weights); when above 0 the model
        /// generates with the average (BatchNorm statistics re-estimated for it); 0 generates with the last weights, as
        /// CTGAN does. Default 0.999: on credit-g (docs/TABULAR.md) it raised column shapes, pair trends and
        /// train-on-synthetic AUC over the last weights.
        /// </summary>
        public double GeneratorAveraging = Defaults.GeneratorAveraging;

        /// <summary>
        /// Whether generated marginals are calibrated to the training data's. Continuous columns: the model keeps the
        /// training column's quantiles (<see cref="Defaults.CalibrationQuantiles"/> of them) and, whenever a model is made
        /// (the end of training, a checkpoint, cancellation), the generator's own quantiles on a sample of 20,000 rows; a
        /// generated value is mapped from the one to the other by linear interpolation, which keeps the order of values
        /// (so the dependence between columns the generator learnt) and gives integer columns their spikes at repeated
        /// values back. Categorical columns: log-odds added to the generator's logits bring the generated rates to the
        /// training rates. With <see cref="LabelColumnName"/> both are done per label category as well (each class's rows
        /// get the quantiles and rates of that class's training rows, rates shrunk towards the column's by one row's
        /// weight; a label category with fewer than 30 training rows keeps the column's calibration, so its rows do not
        /// copy its few training rows), so the rows a classifier learns from have each feature's class-conditional marginals: on ticdata (6%
        /// positive, docs/TABULAR.md) this raised the AUC of classifiers trained on generated rows to that of the real rows.
        /// Missing-value rates are not calibrated. Continuing a model keeps the choice it was trained
        /// with. Default <see langword="true"/> (docs/TABULAR.md measures both).
        /// </summary>
        public bool MarginalCalibration = Defaults.MarginalCalibration;

        /// <summary>
        /// The column a classifier trained on the generated rows will predict (ML.NET's label column): a categorical column
        /// (Boolean, text, key, or numeric with at most <see cref="DiscreteValueLimit"/> distinct values). When set, rows
        /// without a condition (<see cref="TabularGanTransformer.Generate(long, long)"/>, <c>Transform</c>) are stratified by
        /// it: each row's label is drawn at its training rate, the generator is conditioned on it and the row keeps it, so
        /// the other columns follow the generator's distribution for that class (CTGAN conditions each such row on a
        /// uniformly chosen categorical column instead); and training-by-sampling conditions
        /// <see cref="LabelConditionShare"/> of every batch on it. Default <see langword="null"/>: every categorical column is treated
        /// alike, as CTGAN does. On credit-g (5 seeds, docs/TABULAR.md) naming the label raised the AUC of FastTree trained
        /// on as many generated rows as the training split had from 0.721 to 0.756 (0.785 when trained on the real rows).
        /// </summary>
        public string? LabelColumnName;

        /// <summary>
        /// With <see cref="LabelColumnName"/>, the share of training conditions drawn on the label column (the others on a
        /// categorical column chosen uniformly, the label included). Default 0.5. Without marginal calibration per class, on
        /// ticdata (6% positive, docs/TABULAR.md) 0 left the generated rows with little signal about the minority (FastTree
        /// trained on them: AUC 0.498 and 0.616 on two seeds) and 0.5 gave 0.669 and 0.680 (real rows 0.688); with it (the
        /// default, <see cref="MarginalCalibration"/>) 0 and 0.5 are within a standard deviation on ticdata (0.705 / 0.708
        /// against 0.708 / 0.713) and credit-g (0.760 against 0.756 over 5 seeds).
        /// </summary>
        public double LabelConditionShare = Defaults.LabelConditionShare;

        /// <summary>
        /// Seed of the weights, the mode draws and every training random stream; <see langword="null"/> (the default)
        /// takes one from the <see cref="MLContext"/>, so <c>new MLContext(seed: s)</c> makes training reproducible.
        /// </summary>
        public int? Seed;

        /// <summary>Receives a summary after every epoch (also written to the MLContext log). Default none.</summary>
        public IProgress<GanEpochSummary>? Progress;

        /// <summary>
        /// Stops training between two steps; <see cref="TabularGanTrainingCanceledException.Model"/> then holds the model
        /// trained so far (and a checkpoint is written when <see cref="CheckpointPath"/> is set).
        /// </summary>
        public CancellationToken CancellationToken;

        /// <summary>
        /// When set, a model zip (loadable with <c>mlContext.Model.Load</c>, generating like the final model would at that
        /// point, and continuable with <see cref="TabularGanTrainer.Fit(IDataView, TabularGanTransformer?)"/>) is written here
        /// every <see cref="CheckpointInterval"/> epochs and when training is canceled. Default none.
        /// </summary>
        public string? CheckpointPath;

        /// <summary>Epochs between checkpoints; 0 (the default) writes one only when training is canceled.</summary>
        public int CheckpointInterval;
    }

    /// <summary>The defaults of <see cref="Options"/>.</summary>
    public static class Defaults
    {
        /// <summary>Default <see cref="Options.Epochs"/>.</summary>
        public const int Epochs = 300;

        /// <summary>Default <see cref="Options.BatchSize"/>.</summary>
        public const int BatchSize = 500;

        /// <summary>Default <see cref="Options.PackSize"/>.</summary>
        public const int PackSize = 1;

        /// <summary>Default <see cref="Options.LatentDimension"/>.</summary>
        public const int LatentDimension = 128;

        /// <summary>Default learning rate of both networks.</summary>
        public const double LearningRate = 2e-4;

        /// <summary>Default <see cref="Options.Beta1"/>.</summary>
        public const double Beta1 = 0.5;

        /// <summary>Default <see cref="Options.Beta2"/>.</summary>
        public const double Beta2 = 0.9;

        /// <summary>Default <see cref="Options.WeightDecay"/>.</summary>
        public const double WeightDecay = 1e-6;

        /// <summary>Default <see cref="Options.GradientPenaltyWeight"/>.</summary>
        public const double GradientPenaltyWeight = 10;

        /// <summary>Default <see cref="Options.LeakyReluSlope"/>.</summary>
        public const double LeakyReluSlope = 0.2;

        /// <summary>Default <see cref="Options.CriticDropout"/>.</summary>
        public const double CriticDropout = 0.5;

        /// <summary>Default <see cref="Options.GumbelTemperature"/>.</summary>
        public const double GumbelTemperature = 0.2;

        /// <summary>Default <see cref="Options.MaxModes"/>.</summary>
        public const int MaxModes = 10;

        /// <summary>Default <see cref="Options.ModeWeightConcentration"/>.</summary>
        public const double ModeWeightConcentration = 0.001;

        /// <summary>Default <see cref="Options.ModeWeightThreshold"/>.</summary>
        public const double ModeWeightThreshold = 0.005;

        /// <summary>Default <see cref="Options.DiscreteValueLimit"/>.</summary>
        public const int DiscreteValueLimit = 16;

        /// <summary>Default <see cref="Options.GeneratorAveraging"/>.</summary>
        public const double GeneratorAveraging = 0.999;

        /// <summary>Default <see cref="Options.MarginalCalibration"/>.</summary>
        public const bool MarginalCalibration = true;

        /// <summary>Default <see cref="Options.LabelConditionShare"/>.</summary>
        public const double LabelConditionShare = 0.5;

        /// <summary>Quantiles (evenly spaced probabilities from 0 to 1) that <see cref="Options.MarginalCalibration"/> keeps per continuous column.</summary>
        public const int CalibrationQuantiles = 501;
    }
}
