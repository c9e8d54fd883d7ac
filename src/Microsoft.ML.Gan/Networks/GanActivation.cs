namespace Microsoft.ML.Gan;

/// <summary>
/// The activation between hidden layers of the multilayer perceptron networks.
/// </summary>
public enum GanActivation
{
    /// <summary>Rectified linear unit, <c>max(0, x)</c>.</summary>
    Relu,

    /// <summary>Leaky rectified linear unit, <c>x</c> for <c>x ≥ 0</c> and <c>slope · x</c> otherwise.</summary>
    LeakyRelu,
}
