using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>WGAN: the critic stays (roughly) Lipschitz because every weight is clipped to <c>[−c, c]</c> after each step.</summary>
internal sealed class WassersteinClippingLoss : WassersteinLoss
{
    private readonly Scalar _lower;
    private readonly Scalar _upper;

    public WassersteinClippingLoss(double clipValue)
    {
        _lower = (-clipValue).ToScalar();
        _upper = clipValue.ToScalar();
    }

    public override void AfterDiscriminatorStep(IReadOnlyList<Parameter> discriminatorParameters)
    {
        using var noGrad = no_grad();
        foreach (var parameter in discriminatorParameters)
        {
            parameter.clamp_(_lower, _upper);
        }
    }

    public override void Dispose()
    {
        _lower.Dispose();
        _upper.Dispose();
    }
}
