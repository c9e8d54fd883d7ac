using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan;

/// <summary>WGAN: the critic stays (roughly) Lipschitz because every weight is clipped to <c>[−c, c]</c> after each step.</summary>
internal sealed class WassersteinClippingLoss : WassersteinLoss
{
    private readonly double _clipValue;

    public WassersteinClippingLoss(double clipValue)
    {
        _clipValue = clipValue;
    }

    public override void AfterDiscriminatorStep(IReadOnlyList<Parameter> discriminatorParameters)
    {
        using var noGrad = no_grad();
        foreach (var parameter in discriminatorParameters)
        {
            parameter.clamp_(-_clipValue, _clipValue);
        }
    }
}
