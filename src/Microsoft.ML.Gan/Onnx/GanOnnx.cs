using System;

namespace Microsoft.ML.Gan;

/// <summary>
/// The input contract of the ONNX models that <see cref="GanTransformer.ExportToOnnx(System.IO.Stream)"/> writes: the
/// input names, and GanML's own latent vectors, so that an application serving the model with ONNX Runtime (or
/// <c>ApplyOnnxModel</c>) reproduces <see cref="GanTransformer.Generate(long, long)"/> and <see cref="GanTransformer.Transform"/>.
/// </summary>
/// <remarks>
/// <para>The model maps a batch of latent vectors, input <see cref="LatentInputName"/> of shape (N, <see cref="GanTransformer.LatentDimension"/>),
/// to rows in the training data's units, output <see cref="GanTransformer.OutputColumnName"/> of shape (N, <see cref="GanTransformer.FeatureDimension"/>).
/// A conditional model has a second input, <see cref="ConditionInputName"/>, of shape (N, K): the one-hot class (1 at
/// index k for class k, the label's value, or a key's value − 1) for a label, or the condition vector as it is.</para>
/// <para>Latent vectors are standard normal: any N(0, I) draw gives samples of the trained distribution. To get the
/// very rows GanML generates, fill each row's vector with <see cref="FillLatent"/>: <c>Generate(count, seed)</c> gives
/// row i the vector <c>FillLatent(seed, i, …)</c>, and <c>Transform</c> gives a row the vector
/// <c>FillLatent(GenerationSeed, key, …)</c>, its key being the seed column's value or else its position. Drawing the
/// vectors needs no TorchSharp and no native library.</para>
/// </remarks>
public static class GanOnnx
{
    /// <summary>The name of the latent input of an exported generator.</summary>
    public const string LatentInputName = "Latent";

    /// <summary>The name of the condition input of an exported conditional generator.</summary>
    public const string ConditionInputName = "Condition";

    /// <summary>
    /// Writes GanML's latent vector for row <paramref name="rowKey"/> of the stream <paramref name="seed"/>: standard
    /// normal values from a SplitMix64 stream keyed by the seed and row key, paired by the Box–Muller transform.
    /// </summary>
    /// <param name="seed">The seed of the latent streams (the <c>seed</c> of <see cref="GanTransformer.Generate(long, long)"/>, or <see cref="GanTransformer.GenerationSeed"/>).</param>
    /// <param name="rowKey">The row's key (its position in <see cref="GanTransformer.Generate(long, long)"/>'s output).</param>
    /// <param name="latent">The vector to fill; its length is the latent dimension.</param>
    public static void FillLatent(long seed, long rowKey, Span<float> latent) => LatentSampler.Fill(seed, rowKey, latent);
}
