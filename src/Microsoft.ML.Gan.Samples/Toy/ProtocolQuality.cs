namespace Microsoft.ML.Gan.Samples.Toy;

/// <summary>The PacGAN/VEEGAN sample-quality measures of a <see cref="GaussianMixture"/> (see <see cref="GaussianMixture.MeasureProtocol"/>).</summary>
/// <param name="Modes">Modes with at least one high-quality sample.</param>
/// <param name="HighQuality">Fraction of samples within 3σ of their nearest centre.</param>
/// <param name="Modes20">Modes with at least 20 samples within 0.25 of their centre.</param>
public sealed record ProtocolQuality(int Modes, double HighQuality, int Modes20);
