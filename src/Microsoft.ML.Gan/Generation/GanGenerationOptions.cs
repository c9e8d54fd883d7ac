namespace Microsoft.ML.Gan;

/// <summary>
/// Options of <see cref="GanTransformer.Generate(long, long, GanGenerationOptions)"/> and
/// <see cref="GanTransformer.GeneratePerClass(long, long, GanGenerationOptions)"/> that trade diversity for sample
/// quality, for unconditional and label-conditional models. Both are off by default, which gives exactly the rows of
/// <see cref="GanTransformer.Generate(long, long)"/>.
/// </summary>
public sealed class GanGenerationOptions
{
    /// <summary>
    /// The truncation trick: every latent component whose magnitude exceeds this threshold is drawn again (from the
    /// row's own stream, so the same seed gives the same rows) until it falls within it. Smaller values give more typical
    /// samples and fewer rare ones. Must be positive. Default <see langword="null"/> (off).
    /// </summary>
    public double? TruncationThreshold;

    /// <summary>
    /// Discriminator rejection sampling (Azadi et al. 2019): each candidate row is kept with probability
    /// <c>σ(F(x) − γ)</c>, where <c>F(x) = D(x) − M − log(1 − exp(D(x) − M − ε))</c>, <c>D(x)</c> is the trained
    /// discriminator's logit, <c>M</c> the largest logit seen so far (first estimated on <see cref="RejectionBurnIn"/>
    /// candidates) and <c>γ</c> the <see cref="RejectionPercentile"/> of F over the burn-in. Candidates come in a fixed
    /// order and each has its own uniform draw, so the same seed gives the same rows. A label-conditional model rejects
    /// each class's candidates by D's scores for that class, with M and γ estimated per class (a burn-in per class). For
    /// the Wasserstein losses D is a critic, not a density-ratio estimate, and the rule is a heuristic there. Default
    /// <see langword="false"/>.
    /// </summary>
    public bool DiscriminatorRejection;

    /// <summary>
    /// The percentile (0 to 1) of F over the burn-in that becomes γ: candidates at that F are kept with probability ½,
    /// better ones more often. Higher keeps fewer, more realistic rows. Default 0.8.
    /// </summary>
    public double RejectionPercentile = 0.8;

    /// <summary>Candidates generated (from a separate stream) to estimate M and γ. Default 10,000.</summary>
    public int RejectionBurnIn = 10_000;
}
