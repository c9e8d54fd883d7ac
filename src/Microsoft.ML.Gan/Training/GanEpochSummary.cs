using System;

namespace Microsoft.ML.Gan;

/// <summary>
/// What happened in one training epoch: mean losses over its steps, step counts and time.
/// </summary>
/// <param name="Epoch">The epoch number, from 1.</param>
/// <param name="DiscriminatorLoss">Mean discriminator (critic) loss over the epoch's discriminator steps, penalty included.</param>
/// <param name="GeneratorLoss">Mean generator loss over the epoch's generator steps.</param>
/// <param name="WassersteinEstimate">
/// For the Wasserstein losses, the mean critic estimate <c>E[D(x)] − E[D(G(z))]</c> of the distance between the real and
/// generated distributions (it should shrink as training succeeds); <see langword="null"/> for the other losses.
/// </param>
/// <param name="DiscriminatorSteps">Discriminator steps taken in the epoch.</param>
/// <param name="GeneratorSteps">Generator steps taken in the epoch.</param>
/// <param name="Elapsed">Wall-clock time of the epoch.</param>
public sealed record GanEpochSummary(
    int Epoch,
    double DiscriminatorLoss,
    double GeneratorLoss,
    double? WassersteinEstimate,
    int DiscriminatorSteps,
    int GeneratorSteps,
    TimeSpan Elapsed);
