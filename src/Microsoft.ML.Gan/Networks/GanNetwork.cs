namespace Microsoft.ML.Gan;

/// <summary>The family of generator and discriminator networks.</summary>
public enum GanNetwork
{
    /// <summary>Multilayer perceptrons, for tabular rows or any vector (widths set by the hidden-layer options).</summary>
    Mlp,

    /// <summary>
    /// DCGAN convolutional networks for square images of 28, 32 or 64 pixels with 1 or 3 channels, as flat channel-major
    /// rows (ML.NET's <c>ExtractPixels</c> layout): transposed convolutions and BatchNorm in G, strided convolutions and
    /// LeakyReLU in D.
    /// </summary>
    Dcgan,
}
