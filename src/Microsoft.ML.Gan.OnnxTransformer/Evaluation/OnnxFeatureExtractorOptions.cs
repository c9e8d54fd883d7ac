namespace Microsoft.ML.Gan;

public sealed partial class OnnxFeatureExtractor
{
    /// <summary>
    /// Which ONNX nodes to use and how to prepare the images. The defaults follow pytorch-fid's Inception v3: a 3-channel
    /// image column with values in [0, 1], bilinearly resized to 299 × 299 (align_corners = false) and scaled to [−1, 1].
    /// </summary>
    public sealed class Options
    {
        /// <summary>The column holding the images: channels × height × width floats, row-major. Default <c>Features</c>.</summary>
        public string SourceColumnName { get; set; } = "Features";

        /// <summary>The model's image input node. Default <c>input</c>.</summary>
        public string InputNodeName { get; set; } = "input";

        /// <summary>The model's feature output node (for Inception v3, the 2048-d pool3 output). Default <c>output</c>.</summary>
        public string OutputNodeName { get; set; } = "output";

        /// <summary>
        /// Optional: an output node with class scores, for the Inception Score and mode statistics. Default
        /// <see langword="null"/> (features only).
        /// </summary>
        public string? ClassScoresNodeName { get; set; }

        /// <summary>Whether the class scores are logits to pass through softmax (Inception's are). Default <see langword="true"/>.</summary>
        public bool ApplySoftmaxToClassScores { get; set; } = true;

        /// <summary>Channels of the source images. Default 3.</summary>
        public int ImageChannels { get; set; } = 3;

        /// <summary>
        /// Height and width of the source images; <see langword="null"/> (the default): from the column's three
        /// dimensions, or a square that fits its length with <see cref="ImageChannels"/>.
        /// </summary>
        public int? ImageSize { get; set; }

        /// <summary>The side the images are bilinearly resized to; <see langword="null"/> keeps the size. Default 299.</summary>
        public int? ResizeTo { get; set; } = 299;

        /// <summary>The value range of the source pixels. Default (0, 1).</summary>
        public (float Minimum, float Maximum) SourceRange { get; set; } = (0, 1);

        /// <summary>The value range the model expects; pixels are mapped linearly. Default (−1, 1).</summary>
        public (float Minimum, float Maximum) ModelRange { get; set; } = (-1, 1);

        /// <summary>Rows per batch handed to ONNX Runtime. Default 32.</summary>
        public int BatchSize { get; set; } = 32;
    }
}
