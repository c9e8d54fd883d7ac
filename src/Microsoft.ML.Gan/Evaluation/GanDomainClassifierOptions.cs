namespace Microsoft.ML.Gan;

public sealed partial class GanDomainClassifier
{
    /// <summary>How to train a <see cref="GanDomainClassifier"/>; the defaults suit MNIST-sized data on a CPU.</summary>
    public sealed class Options
    {
        /// <summary>The input: a known-size vector of <see cref="float"/>. Default <c>Features</c>.</summary>
        public string FeatureColumnName { get; set; } = "Features";

        /// <summary>The label: a key of <see cref="uint"/> (use <c>MapValueToKey</c>). Default <c>Label</c>.</summary>
        public string LabelColumnName { get; set; } = "Label";

        /// <summary>
        /// The side of square images in the feature column (channels × side × side, row-major); set it to train the CNN.
        /// <see langword="null"/> (the default): an MLP, unless the column declares three image dimensions.
        /// </summary>
        public int? ImageSize { get; set; }

        /// <summary>Image channels when <see cref="ImageSize"/> is set. Default 1.</summary>
        public int ImageChannels { get; set; } = 1;

        /// <summary>Width of the MLP's first hidden layer. Default 256.</summary>
        public int HiddenSize { get; set; } = 256;

        /// <summary>Width of the penultimate layer: the dimension of the extracted features. Default 128.</summary>
        public int FeatureDimension { get; set; } = 128;

        /// <summary>Passes over the data. Default 5.</summary>
        public int Epochs { get; set; } = 5;

        /// <summary>Rows per Adam step. Default 64.</summary>
        public int BatchSize { get; set; } = 64;

        /// <summary>Adam's learning rate. Default 1e-3.</summary>
        public double LearningRate { get; set; } = 1e-3;

        /// <summary>Seed of the weights and the batch order; <see langword="null"/> (the default) draws one from the MLContext.</summary>
        public int? Seed { get; set; }

        /// <summary>
        /// The column <c>Transform</c> adds with the penultimate-layer features (a vector of <see cref="FeatureDimension"/>
        /// values). Default <c>ClassifierFeatures</c>.
        /// </summary>
        public string OutputFeatureColumnName { get; set; } = Defaults.OutputFeatureColumnName;

        /// <summary>
        /// The column <c>Transform</c> adds with the class probabilities (a vector with one value per class, in key order),
        /// as ML.NET's multiclass trainers name it. Default <c>Score</c>.
        /// </summary>
        public string ScoreColumnName { get; set; } = Defaults.ScoreColumnName;
    }
}
