using System;

namespace Microsoft.ML.Gan;

/// <summary>The mean losses of one CycleGAN training epoch.</summary>
/// <param name="Epoch">The epoch number, from 1.</param>
/// <param name="DiscriminatorLoss">Mean of both discriminators' losses (each on real images and pooled translations).</param>
/// <param name="AdversarialLoss">Mean of both generators' adversarial losses.</param>
/// <param name="CycleLoss">Mean cycle-consistency loss, unweighted: <c>‖F(G(a)) − a‖₁ + ‖G(F(b)) − b‖₁</c> per value, in [−1, 1] units.</param>
/// <param name="IdentityLoss">Mean identity loss, unweighted; null when the identity loss is off.</param>
/// <param name="Steps">Steps in the epoch.</param>
/// <param name="Duration">Wall-clock time of the epoch.</param>
public sealed record CycleGanEpochSummary(int Epoch, double DiscriminatorLoss, double AdversarialLoss, double CycleLoss,
    double? IdentityLoss, int Steps, TimeSpan Duration);
